namespace DefenderIosGen.Runtime.Ingest;

/// <summary>One blob as listed: enough to decide what to read, whether it was re-created, and whether it may be deleted.</summary>
public sealed record BlobEntry(
    string Container,
    string Name,
    long Size,
    DateTimeOffset Created,
    DateTimeOffset LastModified,
    string ETag,
    bool IsDirectoryMarker);
