namespace DefenderIosGen.Runtime.Records;

/// <summary>
/// Streams the elements of <c>{"records":[ {...}, {...} ]}</c> documents (Event Hub delivery and archives),
/// one after another if several follow each other, with a bounded buffer. Each element is handed on as its
/// raw bytes; whether it is a valid object is the mapper's call. A document that breaks off or is not of this
/// shape is reported once, with the offset where reading stopped.
/// </summary>
public sealed class RecordsDocumentReader : IRecordReader
{
    private readonly StreamWindow _window;
    private readonly int _maxRecordBytes;
    private long _element;
    private State _state = State.DocumentStart;

    public RecordsDocumentReader(Stream stream, int maxRecordBytes)
    {
        _window = new StreamWindow(stream, 0, 64 * 1024, int.MaxValue);
        _maxRecordBytes = maxRecordBytes;
    }

    private enum State
    {
        DocumentStart,
        ElementOrEnd,
        AfterElement,
        Failed,
    }

    public bool TryRead(out SourceRecord record)
    {
        while (true)
        {
            SkipWhiteSpace();
            if (_state == State.Failed)
            {
                record = default;
                return false;
            }

            if (_window.Start == _window.End && !_window.EndOfStream)
            {
                Fill();
                continue;
            }

            switch (_state)
            {
                case State.DocumentStart:
                    if (_window.Start == _window.End)
                    {
                        record = default;
                        return false;
                    }

                    var header = MatchHeader();
                    if (header < 0)
                    {
                        if (_window.EndOfStream || _window.End - _window.Start > 4096)
                        {
                            record = Fail("expected a {\"records\":[...]} document");
                            return true;
                        }

                        Fill();
                        continue;
                    }

                    _window.Start += header;
                    _state = State.ElementOrEnd;
                    continue;
                case State.ElementOrEnd or State.AfterElement:
                    var next = _window.Buffer[_window.Start];
                    if (next == (byte)']')
                    {
                        if (!TryConsumeClosing())
                        {
                            if (_window.EndOfStream)
                            {
                                record = Fail("the records document ends without its closing brace");
                                return true;
                            }

                            Fill();
                            continue;
                        }

                        _state = State.DocumentStart;
                        continue;
                    }

                    if (_state == State.AfterElement)
                    {
                        if (next != (byte)',')
                        {
                            record = Fail("expected ',' or ']' between records");
                            return true;
                        }

                        _window.Start++;
                        _state = State.ElementOrEnd;
                        continue;
                    }

                    var length = ValueLength(_window.Buffer.AsSpan(_window.Start, _window.End - _window.Start));
                    if (length < 0)
                    {
                        if (_window.End - _window.Start > _maxRecordBytes)
                        {
                            record = Fail($"a record is over the limit of {_maxRecordBytes} bytes (--max-record-bytes)");
                            return true;
                        }

                        if (_window.EndOfStream)
                        {
                            record = Fail("the records document is cut off inside a record");
                            return true;
                        }

                        Fill();
                        continue;
                    }

                    _element++;
                    record = new SourceRecord(_window.Buffer.AsSpan(_window.Start, length), _element, _window.BufferOffset + _window.Start);
                    _window.Start += length;
                    _state = State.AfterElement;
                    return true;
            }
        }
    }

    /// <summary>Length of <c>{ "records" : [</c> at the start, or -1 when it is not there (yet).</summary>
    private int MatchHeader()
    {
        var span = _window.Buffer.AsSpan(_window.Start, _window.End - _window.Start);
        var at = 0;
        if (span.StartsWith("\uFEFF"u8))
        {
            at = 3;
        }

        foreach (var expected in new[] { "{"u8.ToArray(), "\"records\""u8.ToArray(), ":"u8.ToArray(), "["u8.ToArray() })
        {
            while (at < span.Length && IsWhiteSpace(span[at]))
            {
                at++;
            }

            if (!span[at..].StartsWith(expected))
            {
                return -1;
            }

            at += expected.Length;
        }

        return at;
    }

    private bool TryConsumeClosing()
    {
        var at = _window.Start + 1;
        while (at < _window.End && IsWhiteSpace(_window.Buffer[at]))
        {
            at++;
        }

        if (at >= _window.End || _window.Buffer[at] != (byte)'}')
        {
            return false;
        }

        _window.Start = at + 1;
        return true;
    }

    /// <summary>The byte length of the JSON value at the start of the span, or -1 if it does not end within it.</summary>
    public static int ValueLength(ReadOnlySpan<byte> span)
    {
        var depth = 0;
        var inString = false;
        for (var i = 0; i < span.Length; i++)
        {
            var b = span[i];
            if (inString)
            {
                if (b == (byte)'\\')
                {
                    i++;
                }
                else if (b == (byte)'"')
                {
                    inString = false;
                    if (depth == 0)
                    {
                        return i + 1;
                    }
                }

                continue;
            }

            switch (b)
            {
                case (byte)'"':
                    inString = true;
                    break;
                case (byte)'{' or (byte)'[':
                    depth++;
                    break;
                case (byte)'}' or (byte)']':
                    depth--;
                    if (depth <= 0)
                    {
                        return depth == 0 ? i + 1 : i;
                    }

                    break;
                case (byte)',' when depth == 0:
                    return i;
                default:
                    if (depth == 0 && IsWhiteSpace(b) && i > 0)
                    {
                        return i;
                    }

                    break;
            }
        }

        return -1;
    }

    private SourceRecord Fail(string problem)
    {
        _state = State.Failed;
        return new SourceRecord(default, _element + 1, _window.BufferOffset + _window.Start, problem, _window.End - _window.Start);
    }

    private void SkipWhiteSpace()
    {
        while (_window.Start < _window.End && IsWhiteSpace(_window.Buffer[_window.Start]))
        {
            _window.Start++;
        }
    }

    private static bool IsWhiteSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n';

    private void Fill() => _window.Fill();

    public void Dispose() => _window.Dispose();
}
