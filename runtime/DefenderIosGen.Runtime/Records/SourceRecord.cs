namespace DefenderIosGen.Runtime.Records;

/// <summary>
/// One record cut from an input: its bytes (valid until the next read), its 1-based line number (or, in a
/// records document, its element number), and the byte offset where it starts. <see cref="Problem"/> is set
/// when the record cannot be handed on as it is (too large, or a broken document); its bytes are then empty.
/// </summary>
public readonly ref struct SourceRecord(ReadOnlySpan<byte> bytes, long line, long offset, string? problem = null, long length = 0)
{
    public ReadOnlySpan<byte> Bytes { get; } = bytes;

    public long Line { get; } = line;

    public long Offset { get; } = offset;

    public string? Problem { get; } = problem;

    /// <summary>The record's length in the input; differs from Bytes.Length when the record was too large to keep.</summary>
    public long Length { get; } = problem is null ? bytes.Length : length;
}

/// <summary>Reads records one at a time from an input stream.</summary>
public interface IRecordReader : IDisposable
{
    /// <summary>False at the end of the input.</summary>
    bool TryRead(out SourceRecord record);
}
