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

        var stream = new FileStream(path, append ? FileMode.OpenOrCreate : FileMode.Create, FileAccess.ReadWrite, FileShare.Read, 1, FileOptions.None);
        if (append)
        {
            stream.Seek(CompleteLinesLength(stream), SeekOrigin.Begin);
            stream.SetLength(stream.Position);
        }

        return new NdjsonSink(stream, ownsStream: true);
    }

    /// <summary>
    /// The length of the file up to its last newline. A process killed while writing leaves a partial last
    /// event; it was never checkpointed, so it will be delivered again and the fragment must go.
    /// </summary>
    private static long CompleteLinesLength(FileStream stream)
    {
        var buffer = new byte[64 * 1024];
        var end = stream.Length;
        while (end > 0)
        {
            var start = Math.Max(0, end - buffer.Length);
            stream.Seek(start, SeekOrigin.Begin);
            stream.ReadExactly(buffer, 0, (int)(end - start));
            var newline = buffer.AsSpan(0, (int)(end - start)).LastIndexOf((byte)'\n');
            if (newline >= 0)
            {
                return start + newline + 1;
            }

            end = start;
        }

        return 0;
    }

    public static NdjsonSink ToStream(Stream stream) => new(stream, ownsStream: false);

    public void Write(ReadOnlySpan<byte> udmEventJson, in DeadLetterOrigin origin)
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
