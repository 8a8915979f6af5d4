namespace DefenderIosGen.Runtime.Ingest;

/// <summary>
/// Where exported blobs live: an Azure storage account, or a local folder laid out the same way
/// (sub-folders are containers). Listing is streamed; reads are ranged.
/// </summary>
public interface IBlobStore
{
    /// <summary>The store as it may appear in logs: never with a key or SAS token.</summary>
    string DisplayName { get; }

    Task<bool> ContainerExistsAsync(string container, CancellationToken cancellationToken);

    /// <summary>Every blob under the prefix, page by page; the whole listing is never held in memory.</summary>
    IAsyncEnumerable<BlobEntry> ListAsync(string container, string? prefix, CancellationToken cancellationToken);

    /// <summary>Reads <paramref name="length"/> bytes from <paramref name="offset"/>, streamed.</summary>
    Task<Stream> OpenRangeAsync(BlobEntry blob, long offset, long length, CancellationToken cancellationToken);

    /// <summary>Deletes the blob only if it is still the version listed (same ETag); false if it changed or is gone.</summary>
    Task<bool> DeleteIfUnchangedAsync(BlobEntry blob, CancellationToken cancellationToken);

    /// <summary>Removes directories above the blob that are left empty (directory marker blobs, or local folders).</summary>
    Task DeleteEmptyDirectoriesAsync(string container, string blobName, CancellationToken cancellationToken);
}
