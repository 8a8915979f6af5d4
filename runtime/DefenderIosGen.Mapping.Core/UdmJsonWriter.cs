using System.Buffers;
using System.Buffers.Text;

namespace DefenderIosGen.Mapping;

/// <summary>
/// The minimal JSON writer generated mappers need, and no more: property names arrive pre-encoded as
/// <c>"name":</c>, strings are copied through when a vectorised scan finds nothing to escape (the input was
/// validated as UTF-8 up front), and structure is trusted to the generated code instead of checked on
/// every call. Compact output only. Reused across records.
/// </summary>
public sealed class UdmJsonWriter
{
    private const int MaxDepth = 64;

    // JSON requires escaping quote, backslash and control characters; everything else is copied as it is.
    private static readonly SearchValues<byte> NeedsEscape = SearchValues.Create(
        [.. Enumerable.Range(0, 0x20).Select(b => (byte)b), (byte)'"', (byte)'\\']);

    private static readonly byte[] Hex = "0123456789ABCDEF"u8.ToArray();

    private readonly bool[] _hasMember = new bool[MaxDepth];
    private byte[] _buffer = new byte[8192];
    private int _length;
    private int _depth;

    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, _length);

    /// <summary>Pre-encodes a property name as the bytes <c>"name":</c>.</summary>
    public static byte[] EncodeName(string name)
    {
        var writer = new UdmJsonWriter();
        writer.String(System.Text.Encoding.UTF8.GetBytes(name));
        writer.Raw(":"u8);
        return writer.Written.ToArray();
    }

    /// <summary>Pre-encodes the start of a UDM Label, <c>{"key":"KEY","value":</c>; the value and <c>}</c> follow.</summary>
    public static byte[] EncodeLabelPrefix(string key)
    {
        var writer = new UdmJsonWriter();
        writer.Raw("{\"key\":"u8);
        writer.String(System.Text.Encoding.UTF8.GetBytes(key));
        writer.Raw(",\"value\":"u8);
        return writer.Written.ToArray();
    }

    public void Reset()
    {
        _length = 0;
        _depth = 0;
        _hasMember[0] = false;
    }

    public void StartObject(ReadOnlySpan<byte> encodedName)
    {
        Name(encodedName);
        Open((byte)'{');
    }

    public void StartArray(ReadOnlySpan<byte> encodedName)
    {
        Name(encodedName);
        Open((byte)'[');
    }

    /// <summary>An object that is a value: the root, or an item of an array.</summary>
    public void StartObject()
    {
        Separate();
        Open((byte)'{');
    }

    public void EndObject() => Close((byte)'}');

    public void EndArray() => Close((byte)']');

    /// <summary>Writes <c>"name":</c>; the value must follow.</summary>
    public void Name(ReadOnlySpan<byte> encodedName)
    {
        Separate();
        Raw(encodedName);
    }

    /// <summary>A string value, after <see cref="Name"/> or <see cref="Separate"/>; escapes only when the scan finds a reason to.</summary>
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

    public void UnsignedString(ulong value)
    {
        Ensure(22);
        _buffer[_length++] = (byte)'"';
        Utf8Formatter.TryFormat(value, _buffer.AsSpan(_length), out var written);
        _length += written;
        _buffer[_length++] = (byte)'"';
    }

    public void SignedString(long value)
    {
        Ensure(22);
        _buffer[_length++] = (byte)'"';
        Utf8Formatter.TryFormat(value, _buffer.AsSpan(_length), out var written);
        _length += written;
        _buffer[_length++] = (byte)'"';
    }

    public void Number(long value)
    {
        Ensure(20);
        Utf8Formatter.TryFormat(value, _buffer.AsSpan(_length), out var written);
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

    /// <summary>Marks the current container as having a member and writes the comma that follows a previous one.</summary>
    public void Separate()
    {
        if (_hasMember[_depth])
        {
            Ensure(1);
            _buffer[_length++] = (byte)',';
        }
        else
        {
            _hasMember[_depth] = true;
        }
    }

    public void Raw(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
    }

    private void Open(byte bracket)
    {
        Ensure(1);
        _buffer[_length++] = bracket;
        _hasMember[++_depth] = false;
    }

    private void Close(byte bracket)
    {
        Ensure(1);
        _buffer[_length++] = bracket;
        _depth--;
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
