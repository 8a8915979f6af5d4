using System.Buffers;

namespace DefenderIosGen.Mapping;

/// <summary>
/// The minimal JSON writer generated mappers need, and no more. Every member and array item is written with a
/// leading comma (property names arrive pre-encoded as <c>,"name":</c>), and closing a container turns its
/// first child's comma into the opening bracket: no per-container "has a member yet" state and no branch per
/// member. Strings are copied through when they are known to need no escaping or a vectorised scan finds
/// nothing to escape (the input was validated as UTF-8 up front). Structure is trusted to the generated code
/// instead of checked on every call. Compact output only. Reused across records.
/// </summary>
public sealed class UdmJsonWriter
{
    // JSON requires escaping quote, backslash and control characters; everything else is copied as it is.
    private static readonly SearchValues<byte> NeedsEscape = SearchValues.Create(
        [.. Enumerable.Range(0, 0x20).Select(b => (byte)b), (byte)'"', (byte)'\\']);

    private static readonly byte[] Hex = "0123456789ABCDEF"u8.ToArray();

    private byte[] _buffer = new byte[8192];
    private int _length;

    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, _length);

    /// <summary>Where the next byte goes: the mark of the root object, opened by <see cref="Reset"/>.</summary>
    public int Position => _length;

    /// <summary>The prefix of an item of an array: its comma.</summary>
    public static ReadOnlySpan<byte> ItemPrefix => ","u8;

    /// <summary>Pre-encodes a member's prefix, the bytes <c>,"name":</c>.</summary>
    public static byte[] EncodeName(string name)
    {
        var writer = new UdmJsonWriter();
        writer.StringMember(ItemPrefix, System.Text.Encoding.UTF8.GetBytes(name));
        writer.Raw(":"u8);
        return writer.Written.ToArray();
    }

    /// <summary>Pre-encodes the prefix of a UDM Label item, <c>,{"key":"KEY","value":</c>; the value and <c>}</c> follow.</summary>
    public static byte[] EncodeLabelPrefix(string key)
    {
        var writer = new UdmJsonWriter();
        writer.Raw(",{\"key\":"u8);
        writer.String(System.Text.Encoding.UTF8.GetBytes(key));
        writer.Raw(",\"value\":"u8);
        return writer.Written.ToArray();
    }

    /// <summary>True when the text has nothing JSON requires to be escaped in a string.</summary>
    public static bool IsJsonSafe(byte[] utf8) => utf8.AsSpan().IndexOfAny(NeedsEscape) < 0;

    /// <summary>Empties the buffer; the root object's mark is then <see cref="Position"/>.</summary>
    public void Reset() => _length = 0;

    /// <summary>Writes a member's prefix and returns the container's mark: where its first child's comma will be.</summary>
    public int Open(ReadOnlySpan<byte> prefix)
    {
        Raw(prefix);
        return _length;
    }

    /// <summary>Opens an object that is an item of an array.</summary>
    public int OpenItem()
    {
        Raw(ItemPrefix);
        return _length;
    }

    public void CloseObject(int mark) => Close(mark, (byte)'{', (byte)'}');

    public void CloseArray(int mark) => Close(mark, (byte)'[', (byte)']');

    /// <summary>A string member or item: <paramref name="prefix"/>, then the value, escaped where the scan finds a reason to.</summary>
    public void StringMember(ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> utf8)
    {
        Raw(prefix);
        String(utf8);
    }

    /// <summary>
    /// A string member or item whose value is known to need no escaping (see <see cref="IsJsonSafe"/>): the
    /// prefix, the quotes and the value in one bounds check and two copies, without a scan.
    /// </summary>
    public void SafeStringMember(ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> utf8)
    {
        Ensure(prefix.Length + utf8.Length + 2);
        var buffer = _buffer;
        var at = _length;
        prefix.CopyTo(buffer.AsSpan(at));
        at += prefix.Length;
        buffer[at] = (byte)'"';
        utf8.CopyTo(buffer.AsSpan(at + 1));
        at += utf8.Length + 1;
        buffer[at] = (byte)'"';
        _length = at + 1;
    }

    /// <summary>A string value after its prefix; escapes only when the scan finds a reason to.</summary>
    public void String(ReadOnlySpan<byte> utf8)
    {
        Ensure(utf8.Length + 2);
        _buffer[_length++] = (byte)'"';
        var special = utf8.IndexOfAny(NeedsEscape);
        if (special < 0)
        {
            utf8.CopyTo(_buffer.AsSpan(_length));
            _length += utf8.Length;
        }
        else
        {
            WriteEscaped(utf8, special);
        }

        _buffer[_length++] = (byte)'"';
    }

    /// <summary>A 64-bit integer as proto3 JSON writes it: between quotes.</summary>
    public void QuotedNumber<T>(T value)
        where T : IUtf8SpanFormattable
    {
        Ensure(1);
        _buffer[_length++] = (byte)'"';
        Number(value);
        Ensure(1);
        _buffer[_length++] = (byte)'"';
    }

    /// <summary>An integer as a JSON number (invariant digits; 20 bytes hold any 64-bit integer).</summary>
    public void Number<T>(T value)
        where T : IUtf8SpanFormattable
    {
        Ensure(20);
        value.TryFormat(_buffer.AsSpan(_length), out var written, default, System.Globalization.CultureInfo.InvariantCulture);
        _length += written;
    }

    public void Bool(bool value) => Raw(value ? "true"u8 : "false"u8);

    public void Timestamp(long utcTicks)
    {
        Ensure(40);
        _buffer[_length++] = (byte)'"';
        _length += Rfc3339.Format(utcTicks, _buffer.AsSpan(_length));
        _buffer[_length++] = (byte)'"';
    }

    public void Raw(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
    }

    /// <summary>The first child's comma becomes the opening bracket; a container with no child is written empty.</summary>
    private void Close(int mark, byte open, byte close)
    {
        Ensure(2);
        if (_length > mark)
        {
            _buffer[mark] = open;
        }
        else
        {
            _buffer[_length++] = open;
        }

        _buffer[_length++] = close;
    }

    private void WriteEscaped(ReadOnlySpan<byte> utf8, int special)
    {
        while (true)
        {
            Ensure(special + 6);
            utf8[..special].CopyTo(_buffer.AsSpan(_length));
            _length += special;
            var b = utf8[special];
            _buffer[_length++] = (byte)'\\';
            switch (b)
            {
                case (byte)'"' or (byte)'\\':
                    _buffer[_length++] = b;
                    break;
                case (byte)'\n':
                    _buffer[_length++] = (byte)'n';
                    break;
                case (byte)'\r':
                    _buffer[_length++] = (byte)'r';
                    break;
                case (byte)'\t':
                    _buffer[_length++] = (byte)'t';
                    break;
                case (byte)'\b':
                    _buffer[_length++] = (byte)'b';
                    break;
                case (byte)'\f':
                    _buffer[_length++] = (byte)'f';
                    break;
                default:
                    _buffer[_length++] = (byte)'u';
                    _buffer[_length++] = (byte)'0';
                    _buffer[_length++] = (byte)'0';
                    _buffer[_length++] = Hex[b >> 4];
                    _buffer[_length++] = Hex[b & 15];
                    break;
            }

            utf8 = utf8[(special + 1)..];
            special = utf8.IndexOfAny(NeedsEscape);
            if (special < 0)
            {
                Ensure(utf8.Length + 1);
                utf8.CopyTo(_buffer.AsSpan(_length));
                _length += utf8.Length;
                return;
            }
        }
    }

    private void Ensure(int more)
    {
        if (_length + more > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + more));
        }
    }
}
