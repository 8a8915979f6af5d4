using DefenderIosGen.Runtime.Records;
using System.Runtime.CompilerServices;

namespace DefenderIosGen.Runtime.Ingest;

/// <summary>
/// A local folder laid out like a storage account: each sub-folder is a container, each file below it a
/// blob named by its relative path with '/'. The ETag is the size and modification time, so a delete
/// never removes a file that changed after it was listed.
/// </summary>
public sealed class LocalFolderStore(string root) : IBlobStore
{
    private readonly string _root = Path.GetFullPath(root);

    public string DisplayName => _root;

    public Task<bool> ContainerExistsAsync(string container, CancellationToken cancellationToken) =>
        Task.FromResult(Directory.Exists(Path.Combine(_root, container)));

    public async IAsyncEnumerable<BlobEntry> ListAsync(string container, string? prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var folder = Path.Combine(_root, container);
        if (!Directory.Exists(folder))
        {
            yield break;
        }

        // Enumerated lazily, in name order within each folder, like a blob listing.
        foreach (var path in Directory.EnumerateFiles(folder, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.Hidden }))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var name = Path.GetRelativePath(folder, path).Replace(Path.DirectorySeparatorChar, '/');
            if (prefix is not null && !name.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var info = new FileInfo(path);
            yield return new BlobEntry(container, name, info.Length, info.CreationTimeUtc, info.LastWriteTimeUtc, ETagOf(info), IsDirectoryMarker: false);
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    public Task<Stream> OpenRangeAsync(BlobEntry blob, long offset, long length, CancellationToken cancellationToken)
    {
        var stream = new FileStream(PathOf(blob), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16, FileOptions.SequentialScan);
        stream.Seek(offset, SeekOrigin.Begin);
        return Task.FromResult<Stream>(new BoundedStream(stream, length));
    }

    public Task<bool> DeleteIfUnchangedAsync(BlobEntry blob, CancellationToken cancellationToken)
    {
        var info = new FileInfo(PathOf(blob));
        if (!info.Exists || ETagOf(info) != blob.ETag)
        {
            return Task.FromResult(false);
        }

        info.Delete();
        return Task.FromResult(true);
    }

    public Task DeleteEmptyDirectoriesAsync(string container, string blobName, CancellationToken cancellationToken)
    {
        var containerFolder = Path.Combine(_root, container);
        for (var directory = Path.GetDirectoryName(Path.Combine(containerFolder, blobName)); directory is not null && directory.Length > containerFolder.Length; directory = Path.GetDirectoryName(directory))
        {
            if (Directory.EnumerateFileSystemEntries(directory).Any())
            {
                break;
            }

            Directory.Delete(directory);
        }

        return Task.CompletedTask;
    }

    private string PathOf(BlobEntry blob) => Path.Combine(_root, blob.Container, blob.Name.Replace('/', Path.DirectorySeparatorChar));

    private static string ETagOf(FileInfo info) => $"{info.Length:x}-{info.LastWriteTimeUtc.Ticks:x}";
}

/// <summary>Reads at most a given number of bytes: the part of a growing file that was listed.</summary>
internal sealed class BoundedStream(Stream inner, long limit) : ReadOnlyStream
{
    private long _read;

    public override int Read(Span<byte> buffer)
    {
        var remaining = limit - _read;
        if (remaining <= 0)
        {
            return 0;
        }

        var read = inner.Read(buffer[..(int)Math.Min(buffer.Length, remaining)]);
        _read += read;
        return read;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
