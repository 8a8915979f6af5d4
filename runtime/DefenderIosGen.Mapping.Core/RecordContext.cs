using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace DefenderIosGen.Mapping;

/// <summary>
/// The state of mapping one record, handed by reference through the generated code: capture of input
/// values while reading, the value operations rules use (tests, conversions, formats), and writing of
/// the resolved UDM values. Holds the record span, so it lives on the stack only.
/// </summary>
public ref struct RecordContext
{
    private readonly ReadOnlySpan<byte> _record;
    private readonly MapperState _state;
    private TextSource _source;
    private int _base;
    private int _formatStart;
    private bool _formatIsJsonSafe;

    public RecordContext(ReadOnlySpan<byte> record, MapperState state)
    {
        _record = record;
        _state = state;
        _source = TextSource.Record;
        _base = 0;
        _formatStart = 0;
        _formatIsJsonSafe = true;
    }

    // ---------------------------------------------------------------- reading

    /// <summary>The current property name as unescaped UTF-8 (escaped names are rare: they cost a copy).</summary>
    public readonly ReadOnlySpan<byte> PropertyName(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped)
        {
            return reader.ValueSpan;
        }

        var buffer = _state.Names(reader.ValueSpan.Length);
        var written = reader.CopyString(buffer);
        return buffer.AsSpan(0, written);
    }

    /// <summary>Captures the value under the reader into a slot; objects and arrays are skipped over whole.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public readonly void Capture(ref Utf8JsonReader reader, int slot)
    {
        // Most values are strings without escapes: that case is small enough to inline into the generated reader.
        if (reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped)
        {
            _state.Slots[slot] = new CapturedValue(ValueKind.String, _source, _base + (int)reader.TokenStartIndex + 1, reader.ValueSpan.Length, JsonSafe: true);
        }
        else
        {
            CaptureOther(ref reader, slot);
        }
    }

    private readonly void CaptureOther(ref Utf8JsonReader reader, int slot)
    {
        ref var target = ref _state.Slots[slot];
        switch (reader.TokenType)
        {
            case JsonTokenType.String when reader.ValueIsEscaped:
                var at = _state.ReserveArena(reader.ValueSpan.Length);
                var written = reader.CopyString(_state.Arena.AsSpan(at, reader.ValueSpan.Length));
                _state.ArenaLength = at + written;
                target = new CapturedValue(ValueKind.String, TextSource.Arena, at, written);
                break;
            case JsonTokenType.String:
                target = new CapturedValue(ValueKind.String, _source, _base + (int)reader.TokenStartIndex + 1, reader.ValueSpan.Length, JsonSafe: true);
                break;
            case JsonTokenType.Number:
                target = new CapturedValue(ValueKind.Number, _source, _base + (int)reader.TokenStartIndex, reader.ValueSpan.Length, JsonSafe: true);
                break;
            case JsonTokenType.True:
                target = new CapturedValue(ValueKind.True, _source, 0, 0);
                break;
            case JsonTokenType.False:
                target = new CapturedValue(ValueKind.False, _source, 0, 0);
                break;
            case JsonTokenType.StartObject or JsonTokenType.StartArray:
                var kind = reader.TokenType == JsonTokenType.StartObject ? ValueKind.Object : ValueKind.Array;
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                target = new CapturedValue(kind, _source, _base + start, (int)reader.BytesConsumed - start);
                break;
            default:
                target = new CapturedValue(ValueKind.Null, _source, 0, 0);
                break;
        }
    }

    /// <summary>Where the object under the reader starts, for <see cref="CaptureSpan"/> after descending into it.</summary>
    public readonly int Mark(ref Utf8JsonReader reader) => (int)reader.TokenStartIndex;

    /// <summary>Captures an object the generated reader descended into (its children were captured on the way).</summary>
    public readonly void CaptureSpan(ref Utf8JsonReader reader, int slot, int mark) =>
        _state.Slots[slot] = new CapturedValue(ValueKind.Object, _source, _base + mark, (int)reader.BytesConsumed - mark);

    /// <summary>
    /// Unescapes a string that holds JSON (such as AuthenticationDetails) into the arena and says where it is;
    /// the caller reads it from <see cref="MapperState.Arena"/>, and values captured meanwhile point into the
    /// arena. False, with nothing to undo, when the text is not a JSON object: plain text is common
    /// ("not json") and must not cost an exception. Pair a true result with <see cref="LeaveEmbedded"/>.
    /// </summary>
    public bool EnterEmbedded(ref Utf8JsonReader reader, out EmbeddedScope scope, out int start, out int length)
    {
        start = _state.ReserveArena(reader.ValueSpan.Length);
        length = reader.CopyString(_state.Arena.AsSpan(start, reader.ValueSpan.Length));
        scope = new EmbeddedScope(_source, _base);
        var text = _state.Arena.AsSpan(start, length).TrimStart(" \t\r\n"u8);
        if (text.IsEmpty || text[0] != (byte)'{')
        {
            return false;
        }

        _state.ArenaLength = start + length;
        _source = TextSource.Arena;
        _base = start;
        return true;
    }

    public void LeaveEmbedded(EmbeddedScope scope)
    {
        _source = scope.Source;
        _base = scope.Base;
    }

    // ---------------------------------------------------------------- tests on input values

    /// <summary>Empty means missing, null or "": an empty source writes nothing.</summary>
    public readonly bool HasValue(int slot)
    {
        var value = _state.Slots[slot];
        return value.Kind switch
        {
            ValueKind.Missing or ValueKind.Null => false,
            ValueKind.String => value.Length > 0,
            _ => true,
        };
    }

    public readonly bool TextEquals(int slot, int constant) =>
        HasValue(slot) && Text(slot).SequenceEqual(_state.Constants[constant]);

    public readonly bool Matches(int slot, Regex regex) =>
        HasValue(slot) && regex.IsMatch(Chars(Text(slot)));

    // ---------------------------------------------------------------- assigning output values

    public readonly bool IsSet(int position) => _state.Values[position].IsSet;

    public readonly bool AnySet(int start, int end)
    {
        var values = _state.Values;
        for (var i = start; i < end; i++)
        {
            if (values[i].IsSet)
            {
                return true;
            }
        }

        return false;
    }

    public readonly void AssignConstant(int position, int constant) =>
        _state.Values[position] = OutputValue.Text(TextSource.Constant, constant, _state.Constants[constant].Length, _state.ConstantIsJsonSafe[constant]);

    /// <summary>
    /// <see cref="Assign"/> without a conversion or extraction, the most common rule: strings and numbers take
    /// a path small enough to inline into the generated code; other kinds go the general way.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public readonly bool AssignText(int position, int slot)
    {
        var captured = _state.Slots[slot];
        if (captured.Kind is ValueKind.String or ValueKind.Number)
        {
            if (captured.Length == 0)
            {
                return false;
            }

            _state.Values[position] = OutputValue.Text(captured.Source, captured.Start, captured.Length, captured.JsonSafe);
            return true;
        }

        return Assign(position, slot, Conversion.Text);
    }

    /// <summary>Writes a source value at a position, optionally extracting the first regex match and converting it.</summary>
    public readonly bool Assign(int position, int slot, Conversion conversion, Regex? extract = null)
    {
        if (!HasValue(slot))
        {
            return false;
        }

        var captured = _state.Slots[slot];
        var text = TextRef(slot);
        if (extract is not null && !TryExtract(text, extract, out text))
        {
            return false;
        }

        if (conversion == Conversion.Text)
        {
            // The common case needs only the location of the text, not its bytes.
            _state.Values[position] = OutputValue.Text(text.Source, text.Start, text.Length, text.JsonSafe);
            return true;
        }

        var bytes = Span(text.Source, text.Start, text.Length);
        OutputValue value;
        switch (conversion)
        {
            case Conversion.UInt64:
                if (!IsNumeric(captured.Kind) || !Utf8Parser.TryParse(bytes, out ulong unsigned, out var used) || used != bytes.Length)
                {
                    return false;
                }

                value = OutputValue.Scalar(OutputKind.UnsignedInteger64, unchecked((long)unsigned));
                break;
            case Conversion.Int64:
                if (!IsNumeric(captured.Kind) || !Utf8Parser.TryParse(bytes, out long signed, out used) || used != bytes.Length)
                {
                    return false;
                }

                value = OutputValue.Scalar(OutputKind.Integer64, signed);
                break;
            case Conversion.UInt32:
                if (!IsNumeric(captured.Kind) || !Utf8Parser.TryParse(bytes, out uint unsigned32, out used) || used != bytes.Length)
                {
                    return false;
                }

                value = OutputValue.Scalar(OutputKind.Integer32, unsigned32);
                break;
            case Conversion.Int32:
                if (!IsNumeric(captured.Kind) || !Utf8Parser.TryParse(bytes, out int signed32, out used) || used != bytes.Length)
                {
                    return false;
                }

                value = OutputValue.Scalar(OutputKind.Integer32, signed32);
                break;
            case Conversion.Timestamp:
                if (captured.Kind != ValueKind.String || !Rfc3339.TryParse(bytes, out var ticks))
                {
                    return false;
                }

                value = OutputValue.Scalar(OutputKind.Timestamp, ticks);
                break;
            case Conversion.Bool:
                bool? flag = captured.Kind switch
                {
                    ValueKind.True => true,
                    ValueKind.False => false,
                    ValueKind.String when Ascii.EqualsIgnoreCase(bytes, "true"u8) => true,
                    ValueKind.String when Ascii.EqualsIgnoreCase(bytes, "false"u8) => false,
                    _ => null,
                };
                if (flag is null)
                {
                    return false;
                }

                value = OutputValue.Scalar(OutputKind.Bool, flag.Value ? 1 : 0);
                break;
            default:
                return false;
        }

        _state.Values[position] = value;
        return true;
    }

    /// <summary>Drops a list item whose text an earlier item of the same list already has ("merged": duplicates dropped).</summary>
    public readonly void DropIfDuplicate(int position, int listStart)
    {
        var values = _state.Values;
        var candidate = values[position];
        if (candidate.Kind != OutputKind.Text)
        {
            return;
        }

        var text = Span(candidate.Source, candidate.Start, candidate.Length);
        for (var i = listStart; i < position; i++)
        {
            var earlier = values[i];
            if (earlier.Kind == OutputKind.Text && Span(earlier.Source, earlier.Start, earlier.Length).SequenceEqual(text))
            {
                values[position] = default;
                return;
            }
        }
    }

    public void BeginFormat()
    {
        _formatStart = _state.ArenaLength;
        _formatIsJsonSafe = true;
    }

    public void AppendConstant(int constant)
    {
        Append(_state.Constants[constant]);
        _formatIsJsonSafe &= _state.ConstantIsJsonSafe[constant];
    }

    public void AppendText(int slot)
    {
        var text = TextRef(slot);
        Append(Span(text.Source, text.Start, text.Length));
        _formatIsJsonSafe &= text.JsonSafe;
    }

    public readonly void EndFormat(int position) =>
        _state.Values[position] = OutputValue.Text(TextSource.Arena, _formatStart, _state.ArenaLength - _formatStart, _formatIsJsonSafe);

    // ---------------------------------------------------------------- writing


    public readonly void WriteList(UdmJsonWriter writer, byte[] name, int start, int end)
    {
        if (!AnySet(start, end))
        {
            return;
        }

        var mark = writer.Open(name);
        for (var i = start; i < end; i++)
        {
            WriteScalar(writer, UdmJsonWriter.ItemPrefix, i);
        }

        writer.CloseArray(mark);
    }

    /// <summary>A UDM Label list, <c>[{"key": "...", "value": "..."}]</c>; each label's start is pre-encoded.</summary>
    public readonly void WriteLabels(UdmJsonWriter writer, byte[] name, int start, int end, byte[][] labelPrefixes)
    {
        if (!AnySet(start, end))
        {
            return;
        }

        var mark = writer.Open(name);
        for (var i = start; i < end; i++)
        {
            if (_state.Values[i].IsSet)
            {
                WriteValue(writer, labelPrefixes[i - start], i);
                writer.Raw("}"u8);
            }
        }

        writer.CloseArray(mark);
    }

    /// <summary>A google.protobuf.Struct, which proto3 JSON writes as a plain object.</summary>
    public readonly void WriteStruct(UdmJsonWriter writer, byte[] name, int start, int end, byte[][] keyNames)
    {
        if (!AnySet(start, end))
        {
            return;
        }

        var mark = writer.Open(name);
        for (var i = start; i < end; i++)
        {
            WriteScalar(writer, keyNames[i - start], i);
        }

        writer.CloseObject(mark);
    }

    /// <summary>The feed's asset namespace, inside a principal or target object that is being written.</summary>
    public readonly void WriteNamespace(UdmJsonWriter writer)
    {
        if (_state.Feed?.Namespace is { } value)
        {
            writer.StringMember(FeedMetadata.NamespaceName, value);
        }
    }

    /// <summary>The feed's ingestion labels, inside the metadata object.</summary>
    public readonly void WriteIngestionLabels(UdmJsonWriter writer)
    {
        if (_state.Feed is { Labels.Length: > 0 } feed)
        {
            var mark = writer.Open(FeedMetadata.IngestionLabelsName);
            foreach (var label in feed.Labels)
            {
                writer.Raw(label);
            }

            writer.CloseArray(mark);
        }
    }

    /// <summary>
    /// Writes the value at a position, if it has one, with its prefix: a member's <c>,"name":</c> or an item's
    /// comma. Text that needs no escaping is the common case, and small enough to inline; the rest goes
    /// through <see cref="WriteValue"/>.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public readonly void WriteScalar(UdmJsonWriter writer, ReadOnlySpan<byte> prefix, int position)
    {
        var value = _state.Values[position];
        if (value.Kind == OutputKind.Text && value.JsonSafe)
        {
            writer.SafeStringMember(prefix, Span(value.Source, value.Start, value.Length));
        }
        else if (value.IsSet)
        {
            WriteValue(writer, prefix, position);
        }
    }

    /// <summary>Writes a value with its prefix: a member's <c>,"name":</c>, an item's comma, or a label's start.</summary>
    private readonly void WriteValue(UdmJsonWriter writer, ReadOnlySpan<byte> prefix, int position)
    {
        var value = _state.Values[position];
        switch (value.Kind)
        {
            case OutputKind.Text when value.JsonSafe:
                writer.SafeStringMember(prefix, Span(value.Source, value.Start, value.Length));
                return;
            case OutputKind.Text:
                writer.StringMember(prefix, Span(value.Source, value.Start, value.Length));
                return;
        }

        writer.Raw(prefix);
        switch (value.Kind)
        {
            case OutputKind.UnsignedInteger64:
                writer.QuotedNumber(unchecked((ulong)value.Number));
                break;
            case OutputKind.Integer64:
                writer.QuotedNumber(value.Number);
                break;
            case OutputKind.Integer32:
                writer.Number(value.Number);
                break;
            case OutputKind.Timestamp:
                writer.Timestamp(value.Number);
                break;
            case OutputKind.Bool:
                writer.Bool(value.Number != 0);
                break;
        }
    }

    // ---------------------------------------------------------------- text of input values

    private readonly record struct TextLocation(TextSource Source, int Start, int Length, bool JsonSafe);

    /// <summary>A value as text: strings as they are, numbers as their JSON text, booleans true/false, objects and arrays as compact JSON.</summary>
    private readonly ReadOnlySpan<byte> Text(int slot)
    {
        var text = TextRef(slot);
        return Span(text.Source, text.Start, text.Length);
    }

    private readonly TextLocation TextRef(int slot)
    {
        var value = _state.Slots[slot];
        switch (value.Kind)
        {
            case ValueKind.True:
                return new TextLocation(TextSource.Arena, AppendToArena("true"u8), 4, JsonSafe: true);
            case ValueKind.False:
                return new TextLocation(TextSource.Arena, AppendToArena("false"u8), 5, JsonSafe: true);
            case ValueKind.Object or ValueKind.Array:
                var compact = CompactJson.Write(Span(value.Source, value.Start, value.Length), _state);
                return new TextLocation(TextSource.Arena, AppendToArena(compact), compact.Length, JsonSafe: false);
            default:
                return new TextLocation(value.Source, value.Start, value.Length, value.JsonSafe);
        }
    }

    private readonly bool TryExtract(TextLocation text, Regex regex, out TextLocation match)
    {
        var chars = Chars(Span(text.Source, text.Start, text.Length));
        foreach (var found in regex.EnumerateMatches(chars))
        {
            var piece = chars.Slice(found.Index, found.Length);
            var at = _state.ReserveArena(Encoding.UTF8.GetMaxByteCount(piece.Length));
            var written = Encoding.UTF8.GetBytes(piece, _state.Arena.AsSpan(at));
            _state.ArenaLength = at + written;
            // A piece of text that needed no escaping needs none either.
            match = new TextLocation(TextSource.Arena, at, written, text.JsonSafe);
            return true;
        }

        match = default;
        return false;
    }

    private readonly ReadOnlySpan<byte> Span(TextSource source, int start, int length) => source switch
    {
        TextSource.Record => _record.Slice(start, length),
        TextSource.Arena => _state.Arena.AsSpan(start, length),
        _ => _state.Constants[start],
    };

    private readonly ReadOnlySpan<char> Chars(ReadOnlySpan<byte> utf8)
    {
        var buffer = _state.Chars(utf8.Length);
        var count = Encoding.UTF8.GetChars(utf8, buffer);
        return buffer.AsSpan(0, count);
    }

    private readonly void Append(ReadOnlySpan<byte> bytes) => AppendToArena(bytes);

    private readonly int AppendToArena(ReadOnlySpan<byte> bytes)
    {
        var at = _state.ReserveArena(bytes.Length);
        bytes.CopyTo(_state.Arena.AsSpan(at));
        _state.ArenaLength = at + bytes.Length;
        return at;
    }

    private static bool IsNumeric(ValueKind kind) => kind is ValueKind.Number or ValueKind.String;
}

/// <summary>What <see cref="RecordContext.EnterEmbedded"/> saves so that the outer reading position can be restored.</summary>
public readonly record struct EmbeddedScope(TextSource Source, int Base);

