using System.Runtime.CompilerServices;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace DefenderIosGen.Runtime.Ingest;

/// <summary>
/// Azure Blob Storage through Azure.Storage.Blobs: the SDK's pagination (continuation markers, empty
/// pages, an empty-string marker as the end) and its exponential retry with jitter on 408/429/500/503.
/// </summary>
public sealed class AzureBlobStore(BlobServiceClient service, string displayName) : IBlobStore
{
    private const int PageSize = 1000;
    private const string FolderMetadataKey = "hdi_isfolder";

    public string DisplayName { get; } = displayName;

    public async Task<bool> ContainerExistsAsync(string container, CancellationToken cancellationToken) =>
        (await service.GetBlobContainerClient(container).ExistsAsync(cancellationToken).ConfigureAwait(false)).Value;

    public async IAsyncEnumerable<BlobEntry> ListAsync(string container, string? prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var client = service.GetBlobContainerClient(container);
        var pages = client.GetBlobsAsync(BlobTraits.Metadata, BlobStates.None, prefix, cancellationToken).AsPages(default, PageSize);
        await foreach (var page in pages.ConfigureAwait(false))
        {
            foreach (var item in page.Values)
            {
                yield return ToEntry(container, item);
            }
        }
    }

    public async Task<Stream> OpenRangeAsync(BlobEntry blob, long offset, long length, CancellationToken cancellationToken)
    {
        var client = service.GetBlobContainerClient(blob.Container).GetBlobClient(blob.Name);
        var response = await client.DownloadStreamingAsync(new BlobDownloadOptions { Range = new HttpRange(offset, length) }, cancellationToken).ConfigureAwait(false);
        return response.Value.Content;
    }

    public async Task<bool> DeleteIfUnchangedAsync(BlobEntry blob, CancellationToken cancellationToken)
    {
        var client = service.GetBlobContainerClient(blob.Container).GetBlobClient(blob.Name);
        try
        {
            var conditions = new BlobRequestConditions { IfMatch = new ETag(blob.ETag) };
            return (await client.DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, conditions, cancellationToken).ConfigureAwait(false)).Value;
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            return false;
        }
    }

    public async Task DeleteEmptyDirectoriesAsync(string container, string blobName, CancellationToken cancellationToken)
    {
        var client = service.GetBlobContainerClient(container);
        for (var directory = Parent(blobName); directory.Length > 0; directory = Parent(directory))
        {
            var marker = client.GetBlobClient(directory);
            BlobProperties properties;
            try
            {
                properties = (await marker.GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                return;
            }

            if (!IsFolder(properties.Metadata) || await HasChildrenAsync(client, directory, cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            var conditions = new BlobRequestConditions { IfMatch = properties.ETag };
            try
            {
                await marker.DeleteIfExistsAsync(DeleteSnapshotsOption.None, conditions, cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                return;
            }
        }
    }

    private static async Task<bool> HasChildrenAsync(BlobContainerClient client, string directory, CancellationToken cancellationToken)
    {
        await foreach (var page in client.GetBlobsAsync(BlobTraits.None, BlobStates.None, directory + "/", cancellationToken).AsPages(default, 1).ConfigureAwait(false))
        {
            if (page.Values.Count > 0)
            {
                return true;
            }
        }

        return false;
    }

    private static BlobEntry ToEntry(string container, BlobItem item) => new(
        container,
        item.Name,
        item.Properties.ContentLength ?? 0,
        item.Properties.CreatedOn ?? DateTimeOffset.MinValue,
        item.Properties.LastModified ?? DateTimeOffset.MinValue,
        item.Properties.ETag?.ToString() ?? "",
        IsFolder(item.Metadata));

    private static bool IsFolder(IDictionary<string, string>? metadata) =>
        metadata is not null && metadata.TryGetValue(FolderMetadataKey, out var value) && string.Equals(value, "true", StringComparison.OrdinalIgnoreCase);

    private static string Parent(string name)
    {
        var slash = name.LastIndexOf('/');
        return slash < 0 ? "" : name[..slash];
    }
}
