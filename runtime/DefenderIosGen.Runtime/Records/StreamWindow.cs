using System.Buffers;

namespace DefenderIosGen.Runtime.Records;

/// <summary>
/// A sliding window over a stream for the record readers: the unread bytes sit in [Start, End) of a pooled
/// buffer that grows only while a single record needs it, so memory is bounded by the largest record.
/// </summary>
internal sealed class StreamWindow(Stream stream, long startOffset, int initialSize, int maxSize) : IDisposable
{
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(initialSize);

    public byte[] Buffer => _buffer;

    public int Start { get; set; }

    public int End { get; private set; }

    public bool EndOfStream { get; private set; }

    /// <summary>The stream offset of Buffer[0].</summary>
    public long BufferOffset { get; private set; } = startOffset;

    public Span<byte> Unread => _buffer.AsSpan(Start, End - Start);

    /// <summary>Moves unread bytes to the front, grows the buffer when it is full, and reads more.</summary>
    public void Fill()
    {
        if (Start > 0)
        {
            _buffer.AsSpan(Start, End - Start).CopyTo(_buffer);
            BufferOffset += Start;
            End -= Start;
            Start = 0;
        }

        if (End == _buffer.Length)
        {
            var grown = ArrayPool<byte>.Shared.Rent(Math.Max(Math.Min(_buffer.Length * 2, maxSize), _buffer.Length + 1));
            _buffer.AsSpan(0, End).CopyTo(grown);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = grown;
        }

        var read = stream.Read(_buffer, End, _buffer.Length - End);
        EndOfStream = read == 0;
        End += read;
    }

    public void Dispose()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }
}
