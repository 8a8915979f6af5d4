using System.Buffers;

namespace DefenderIosGen.Runtime.Records;

/// <summary>
/// Splits a stream into JSON Lines records with a bounded buffer: LF or CRLF, a UTF-8 BOM tolerated, blank
/// lines skipped. A line longer than the limit is reported (with its line number, offset and length) and
/// skipped, never buffered whole. With <see cref="CompleteLinesOnly"/>, a last line without a newline is
/// left unread: a growing blob's final line may still be incomplete.
/// </summary>
public sealed class JsonLinesReader : IRecordReader
{
    private static readonly SearchValues<byte> NewLine = SearchValues.Create("\n"u8);

    private readonly Stream _stream;
    private readonly int _maxRecordBytes;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private bool _eof;
    private long _bufferOffset;
    private long _line;
    private bool _first = true;

    public JsonLinesReader(Stream stream, int maxRecordBytes, long startOffset = 0, long startLine = 0, bool completeLinesOnly = false)
    {
        _stream = stream;
        _maxRecordBytes = maxRecordBytes;
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Min(64 * 1024, maxRecordBytes + 2));
        _bufferOffset = startOffset;
        _line = startLine;
        _first = startOffset == 0;
        CompleteLinesOnly = completeLinesOnly;
    }

    public bool CompleteLinesOnly { get; }

    /// <summary>The offset just past the last record returned (or skipped): where a resumed read starts.</summary>
    public long ConsumedOffset => _bufferOffset + _start;

    /// <summary>Lines consumed so far, counting blank ones.</summary>
    public long LinesConsumed => _line;

    public bool TryRead(out SourceRecord record)
    {
        while (true)
        {
            var newline = _buffer.AsSpan(_start, _end - _start).IndexOfAny(NewLine);
            if (newline >= 0)
            {
                var lineStart = _start;
                var length = newline;
                _start += newline + 1;
                _line++;
                var bytes = Trim(_buffer.AsSpan(lineStart, length), ref lineStart);
                if (bytes.IsEmpty)
                {
                    continue;
                }

                record = bytes.Length > _maxRecordBytes
                    ? new SourceRecord(default, _line, _bufferOffset + lineStart, TooLarge(bytes.Length), bytes.Length)
                    : new SourceRecord(bytes, _line, _bufferOffset + lineStart);
                return true;
            }

            if (_end - _start > _maxRecordBytes)
            {
                record = SkipOversizedLine();
                return true;
            }

            if (_eof)
            {
                if (_end > _start && !CompleteLinesOnly)
                {
                    var lineStart = _start;
                    var bytes = Trim(_buffer.AsSpan(_start, _end - _start), ref lineStart);
                    _start = _end;
                    _line++;
                    if (!bytes.IsEmpty)
                    {
                        record = new SourceRecord(bytes, _line, _bufferOffset + lineStart);
                        return true;
                    }
                }

                record = default;
                return false;
            }

            Fill();
        }
    }

    private ReadOnlySpan<byte> Trim(Span<byte> line, scoped ref int lineStart)
    {
        if (_first && _bufferOffset + lineStart == 0 && line.StartsWith("\uFEFF"u8))
        {
            line = line[3..];
            lineStart += 3;
        }

        _first = false;
        if (line.Length > 0 && line[^1] == (byte)'\r')
        {
            line = line[..^1];
        }

        return line.Trim(" \t"u8).Length == 0 ? default : line;
    }

    /// <summary>Reports a line over the limit and reads past its end without keeping it.</summary>
    private SourceRecord SkipOversizedLine()
    {
        var offset = _bufferOffset + _start;
        long length = 0;
        while (true)
        {
            var newline = _buffer.AsSpan(_start, _end - _start).IndexOfAny(NewLine);
            if (newline >= 0)
            {
                length += newline;
                _start += newline + 1;
                break;
            }

            length += _end - _start;
            _start = _end;
            if (_eof)
            {
                break;
            }

            Fill();
        }

        _line++;
        return new SourceRecord(default, _line, offset, TooLarge(length), length);
    }

    private string TooLarge(long length) => $"the record is {length} bytes, over the limit of {_maxRecordBytes} bytes (--max-record-bytes)";

    private void Fill()
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _bufferOffset += _start;
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            var grown = ArrayPool<byte>.Shared.Rent(Math.Min(_buffer.Length * 2, _maxRecordBytes + 2 + 64 * 1024));
            _buffer.AsSpan(0, _end).CopyTo(grown);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = grown;
        }

        var read = _stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0)
        {
            _eof = true;
        }

        _end += read;
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
