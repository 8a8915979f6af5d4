namespace DefenderIosGen.Runtime.Records;

/// <summary>Counts the bytes read through it, for throughput figures.</summary>
public sealed class CountingStream(Stream inner) : ReadOnlyStream
{
    public long BytesRead { get; private set; }

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        BytesRead += read;
        return read;
    }
}
