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

    private readonly StreamWindow _window;
    private readonly int _maxRecordBytes;
    private long _line;

    public JsonLinesReader(Stream stream, int maxRecordBytes, long startOffset = 0, long startLine = 0, bool completeLinesOnly = false)
    {
        _maxRecordBytes = maxRecordBytes;
        // Room for a whole record plus its line ending, so that an oversized line is always detected.
        _window = new StreamWindow(stream, startOffset, Math.Min(64 * 1024, maxRecordBytes + 2), maxRecordBytes + 2 + (64 * 1024));
        _line = startLine;
        CompleteLinesOnly = completeLinesOnly;
    }

    public bool CompleteLinesOnly { get; }

    /// <summary>The offset just past the last record returned (or skipped): where a resumed read starts.</summary>
    public long ConsumedOffset => _window.BufferOffset + _window.Start;

    /// <summary>Lines consumed so far, counting blank ones.</summary>
    public long LinesConsumed => _line;

    public bool TryRead(out SourceRecord record)
    {
        while (true)
        {
            var newline = _window.Unread.IndexOfAny(NewLine);
            if (newline >= 0)
            {
                var lineStart = _window.Start;
                _window.Start += newline + 1;
                _line++;
                if (TryTake(lineStart, newline, out record))
                {
                    return true;
                }

                continue;
            }

            if (_window.End - _window.Start > _maxRecordBytes)
            {
                record = SkipOversizedLine();
                return true;
            }

            if (_window.EndOfStream)
            {
                if (_window.End > _window.Start && !CompleteLinesOnly)
                {
                    var lineStart = _window.Start;
                    var length = _window.End - _window.Start;
                    _window.Start = _window.End;
                    _line++;
                    if (TryTake(lineStart, length, out record))
                    {
                        return true;
                    }
                }

                record = default;
                return false;
            }

            _window.Fill();
        }
    }

    /// <summary>Trims the BOM, a trailing CR and white space; false for a blank line.</summary>
    private bool TryTake(int lineStart, int length, out SourceRecord record)
    {
        var line = _window.Buffer.AsSpan(lineStart, length);
        if (_window.BufferOffset + lineStart == 0 && line.StartsWith("\uFEFF"u8))
        {
            line = line[3..];
            lineStart += 3;
        }

        if (line.Length > 0 && line[^1] == (byte)'\r')
        {
            line = line[..^1];
        }

        var offset = _window.BufferOffset + lineStart;
        if (line.Trim(" \t"u8).IsEmpty)
        {
            record = default;
            return false;
        }

        record = line.Length > _maxRecordBytes
            ? new SourceRecord(default, _line, offset, TooLarge(line.Length), line.Length)
            : new SourceRecord(line, _line, offset);
        return true;
    }

    /// <summary>Reports a line over the limit and reads past its end without keeping it.</summary>
    private SourceRecord SkipOversizedLine()
    {
        var offset = _window.BufferOffset + _window.Start;
        long length = 0;
        while (true)
        {
            var newline = _window.Unread.IndexOfAny(NewLine);
            if (newline >= 0)
            {
                length += newline;
                _window.Start += newline + 1;
                break;
            }

            length += _window.End - _window.Start;
            _window.Start = _window.End;
            if (_window.EndOfStream)
            {
                break;
            }

            _window.Fill();
        }

        _line++;
        return new SourceRecord(default, _line, offset, TooLarge(length), length);
    }

    private string TooLarge(long length) => $"the record is {length} bytes, over the limit of {_maxRecordBytes} bytes (--max-record-bytes)";

    public void Dispose() => _window.Dispose();
}
