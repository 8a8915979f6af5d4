namespace DefenderIosGen.Runtime.Sinks;

/// <summary>Writes one UDM event per line to a file or stdout; a flush of a file reaches the disk (fsync).</summary>
public sealed class NdjsonSink : IEventSink
{
    private readonly Stream _stream;
    private readonly BufferedStream _buffer;
    private readonly bool _ownsStream;

    private NdjsonSink(Stream stream, bool ownsStream)
    {
        _stream = stream;
        _buffer = new BufferedStream(stream, 1 << 20);
        _ownsStream = ownsStream;
    }

    public long EventsWritten { get; private set; }

    public static NdjsonSink ToFile(string path, bool append = false)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        var stream = new FileStream(path, append ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.Read, 1, FileOptions.None);
        return new NdjsonSink(stream, ownsStream: true);
    }

    public static NdjsonSink ToStream(Stream stream) => new(stream, ownsStream: false);

    public void Write(ReadOnlySpan<byte> udmEventJson)
    {
        _buffer.Write(udmEventJson);
        _buffer.WriteByte((byte)'\n');
        EventsWritten++;
    }

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        await _buffer.FlushAsync(cancellationToken).ConfigureAwait(false);
        if (_stream is FileStream file)
        {
            file.Flush(flushToDisk: true);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _buffer.FlushAsync().ConfigureAwait(false);
        if (_ownsStream)
        {
            await _buffer.DisposeAsync().ConfigureAwait(false);
        }
    }
}
