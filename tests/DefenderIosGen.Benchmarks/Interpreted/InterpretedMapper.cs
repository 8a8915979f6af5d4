using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using DefenderIosGen.Generator.Model;
using DefenderIosGen.Generator.Parsing;
using DefenderIosGen.Generator.Validation;
using Rfc3339 = DefenderIosGen.Mapping.Rfc3339;

namespace DefenderIosGen.Benchmarks.Interpreted;

/// <summary>
/// The design a team would write without a generator: the same YAML rules loaded at run time (through the
/// generator's own parser and validator, so both sides run identical logic) and evaluated per record over a
/// <see cref="JsonNode"/> tree. Written to be reasonably fast: rules are resolved once at load, slots and
/// values live in reused arrays, output goes through a reused Utf8JsonWriter with precomputed names.
/// </summary>
public sealed class InterpretedMapper
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonSerializerOptions CompactText = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly MapperSpec _spec;
    private readonly Regex[] _regexes;
    private readonly JsonNode?[] _slots;
    private readonly Value[] _values;
    private readonly bool[] _flags;
    private readonly Dictionary<OutputNodeSpec, JsonEncodedText> _names = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<OutputNodeSpec, JsonEncodedText[]> _keys = new(ReferenceEqualityComparer.Instance);
    private readonly ArrayBufferWriter<byte> _output = new(8192);
    private readonly Utf8JsonWriter _writer;

    private InterpretedMapper(MapperSpec spec)
    {
        _spec = spec;
        _regexes = [.. spec.Regexes.Select(p => new Regex(p, RegexOptions.CultureInvariant | RegexOptions.Compiled))];
        _slots = new JsonNode?[spec.SlotPaths.Count];
        _values = new Value[spec.ValueCount];
        _flags = new bool[spec.Flags.Count];
        _writer = new Utf8JsonWriter(_output, WriterOptions);
        Index(spec.Output);
    }

    private enum Kind
    {
        None,
        Text,
        Unsigned64,
        Signed64,
        Int32,
        Timestamp,
        Bool,
    }

    private record struct Value(Kind Kind, string? Text, long Number);

    /// <summary>Loads rules/udm/udm-catalog.yaml and rules/mappings/*.yaml from a repository checkout.</summary>
    public static InterpretedMapper Load(string rulesDirectory)
    {
        var catalogPath = Path.Combine(rulesDirectory, "udm", "udm-catalog.yaml");
        var catalog = CatalogParser.Parse(catalogPath, File.ReadAllText(catalogPath));
        var files = Directory.GetFiles(Path.Combine(rulesDirectory, "mappings"), "*.yaml")
            .Select(f => RuleFileParser.Parse(f, File.ReadAllText(f)))
            .ToList();
        var result = RuleValidator.Validate(catalog, files);
        return result.Spec is { } spec
            ? new InterpretedMapper(spec)
            : throw new InvalidOperationException("rules do not validate: " + string.Join("; ", result.Diagnostics.Select(d => d.Id)));
    }

    public ReadOnlySpan<byte> Map(ReadOnlySpan<byte> record)
    {
        if (JsonNode.Parse(record) is not JsonObject root)
        {
            throw new JsonException("not an object");
        }

        Array.Clear(_slots);
        Array.Clear(_values);
        Capture(root, 0);
        foreach (var step in _spec.Steps.Where(s => s.Kind != StepKind.Cases))
        {
            Evaluate(step);
        }

        for (var i = 0; i < _flags.Length; i++)
        {
            _flags[i] = _spec.Flags[i].Ranges.Any(r => AnySet(r.Start, r.End));
        }

        foreach (var step in _spec.Steps.Where(s => s.Kind == StepKind.Cases))
        {
            if (step.Guard.All(Holds))
            {
                var branch = step.Cases.FirstOrDefault(c => c.Tests.All(t => _flags[t.Flag] != t.Negated));
                if (branch is not null)
                {
                    _values[step.Position] = new Value(Kind.Text, _spec.Constants[branch.Constant], 0);
                }
            }
        }

        _output.ResetWrittenCount();
        _writer.Reset(_output);
        _writer.WriteStartObject();
        foreach (var child in _spec.Output.Children)
        {
            Write(child);
        }

        _writer.WriteEndObject();
        _writer.Flush();
        return _output.WrittenSpan;
    }

    private void Capture(JsonObject node, int id)
    {
        foreach (var child in _spec.InputNodes[id].Children)
        {
            if (!node.TryGetPropertyValue(child.Name, out var value))
            {
                continue;
            }

            if (child.Slot >= 0)
            {
                _slots[child.Slot] = value;
            }

            if (child.Node < 0)
            {
                continue;
            }

            if (value is JsonObject inner)
            {
                Capture(inner, child.Node);
            }
            else if (child.Embedded && value is JsonValue text && text.GetValueKind() == JsonValueKind.String)
            {
                var json = text.GetValue<string>();
                if (json.TrimStart().StartsWith('{'))
                {
                    try
                    {
                        if (JsonNode.Parse(json) is JsonObject embedded)
                        {
                            Capture(embedded, child.Node);
                        }
                    }
                    catch (JsonException)
                    {
                    }
                }
            }
        }
    }

    private void Evaluate(StepSpec step)
    {
        foreach (var alternative in step.Alternatives)
        {
            if (_values[step.Position].Kind != Kind.None)
            {
                break;
            }

            if (alternative.Conditions.All(Holds) && Resolve(alternative) is { } value)
            {
                _values[step.Position] = value;
            }
        }

        if (step.Kind == StepKind.ListItem && _values[step.Position].Kind == Kind.Text)
        {
            for (var i = step.ListStart; i < step.Position; i++)
            {
                if (_values[i].Kind == Kind.Text && _values[i].Text == _values[step.Position].Text)
                {
                    _values[step.Position] = default;
                    break;
                }
            }
        }
    }

    private Value? Resolve(ValueSpec value)
    {
        switch (value.Kind)
        {
            case ValueSpecKind.Constant:
                return new Value(Kind.Text, _spec.Constants[value.Constant], 0);
            case ValueSpecKind.Format:
                if (value.Parts.Any(p => p.Slot >= 0 && TextOf(_slots[p.Slot]) is null or ""))
                {
                    return null;
                }

                return new Value(Kind.Text, string.Concat(value.Parts.Select(p => p.Slot >= 0 ? TextOf(_slots[p.Slot]) : _spec.Constants[p.Constant])), 0);
        }

        var node = _slots[value.Slot];
        var text = TextOf(node);
        if (text is null or "")
        {
            return null;
        }

        if (value.ExtractRegex >= 0)
        {
            var match = _regexes[value.ExtractRegex].Match(text);
            if (!match.Success)
            {
                return null;
            }

            text = match.Value;
        }

        var kind = node!.GetValueKind();
        var numeric = kind is JsonValueKind.Number or JsonValueKind.String;
        return value.Conversion switch
        {
            ConversionKind.Text => new Value(Kind.Text, text, 0),
            ConversionKind.UInt64 when numeric && ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var u) => new Value(Kind.Unsigned64, null, unchecked((long)u)),
            ConversionKind.Int64 when numeric && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) => new Value(Kind.Signed64, null, l),
            ConversionKind.UInt32 when numeric && uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var u32) => new Value(Kind.Int32, null, u32),
            ConversionKind.Int32 when numeric && int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i32) => new Value(Kind.Int32, null, i32),
            ConversionKind.Timestamp when kind == JsonValueKind.String && Rfc3339.TryParse(text, out var ticks) => new Value(Kind.Timestamp, null, ticks),
            ConversionKind.Bool when kind is JsonValueKind.True or JsonValueKind.False => new Value(Kind.Bool, null, kind == JsonValueKind.True ? 1 : 0),
            ConversionKind.Bool when kind == JsonValueKind.String && bool.TryParse(text, out var b) => new Value(Kind.Bool, null, b ? 1 : 0),
            _ => null,
        };
    }

    private bool Holds(ConditionSpec condition)
    {
        var text = TextOf(_slots[condition.Slot]);
        if (text is null or "")
        {
            return false;
        }

        return condition.IsRegex ? _regexes[condition.Operand].IsMatch(text) : text == _spec.Constants[condition.Operand];
    }

    private static string? TextOf(JsonNode? node) => node?.GetValueKind() switch
    {
        null or JsonValueKind.Null => null,
        JsonValueKind.String => node.GetValue<string>(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => node.ToJsonString(CompactText),
    };

    private bool AnySet(int start, int end)
    {
        for (var i = start; i < end; i++)
        {
            if (_values[i].Kind != Kind.None)
            {
                return true;
            }
        }

        return false;
    }

    private void Write(OutputNodeSpec node)
    {
        if (!AnySet(node.Start, node.End))
        {
            return;
        }

        var name = _names[node];
        switch (node.Kind)
        {
            case OutputKind.Scalar:
                _writer.WritePropertyName(name);
                WriteValue(_values[node.Start]);
                break;
            case OutputKind.Repeated:
                _writer.WriteStartArray(name);
                for (var i = node.Start; i < node.End; i++)
                {
                    if (_values[i].Kind != Kind.None)
                    {
                        WriteValue(_values[i]);
                    }
                }

                _writer.WriteEndArray();
                break;
            case OutputKind.LabelList or OutputKind.Struct:
                var keys = _keys[node];
                var labels = node.Kind == OutputKind.LabelList;
                if (labels)
                {
                    _writer.WriteStartArray(name);
                }
                else
                {
                    _writer.WriteStartObject(name);
                }

                for (var i = node.Start; i < node.End; i++)
                {
                    if (_values[i].Kind == Kind.None)
                    {
                        continue;
                    }

                    if (labels)
                    {
                        _writer.WriteStartObject();
                        _writer.WriteString("key", keys[i - node.Start]);
                        _writer.WritePropertyName("value");
                        WriteValue(_values[i]);
                        _writer.WriteEndObject();
                    }
                    else
                    {
                        _writer.WritePropertyName(keys[i - node.Start]);
                        WriteValue(_values[i]);
                    }
                }

                if (labels)
                {
                    _writer.WriteEndArray();
                }
                else
                {
                    _writer.WriteEndObject();
                }

                break;
            default:
                var repeated = node.Kind == OutputKind.RepeatedMessage;
                if (repeated)
                {
                    _writer.WriteStartArray(name);
                    _writer.WriteStartObject();
                }
                else
                {
                    _writer.WriteStartObject(name);
                }

                foreach (var child in node.Children)
                {
                    Write(child);
                }

                _writer.WriteEndObject();
                if (repeated)
                {
                    _writer.WriteEndArray();
                }

                break;
        }
    }

    private void WriteValue(Value value)
    {
        switch (value.Kind)
        {
            case Kind.Text:
                _writer.WriteStringValue(value.Text);
                break;
            case Kind.Unsigned64:
                _writer.WriteStringValue(unchecked((ulong)value.Number).ToString(CultureInfo.InvariantCulture));
                break;
            case Kind.Signed64:
                _writer.WriteStringValue(value.Number.ToString(CultureInfo.InvariantCulture));
                break;
            case Kind.Int32:
                _writer.WriteNumberValue(value.Number);
                break;
            case Kind.Timestamp:
                Span<byte> text = stackalloc byte[40];
                _writer.WriteStringValue(text[..Rfc3339.Format(value.Number, text)]);
                break;
            case Kind.Bool:
                _writer.WriteBooleanValue(value.Number != 0);
                break;
        }
    }

    private void Index(OutputNodeSpec node)
    {
        _names[node] = JsonEncodedText.Encode(node.JsonName, JavaScriptEncoder.UnsafeRelaxedJsonEscaping);
        if (node.Keys.Count > 0)
        {
            _keys[node] = [.. node.Keys.Select(k => JsonEncodedText.Encode(k, JavaScriptEncoder.UnsafeRelaxedJsonEscaping))];
        }

        foreach (var child in node.Children)
        {
            Index(child);
        }
    }
}
