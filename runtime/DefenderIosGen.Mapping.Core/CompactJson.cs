using System.Text.Json;

namespace DefenderIosGen.Mapping;

/// <summary>Rewrites a JSON object or array without insignificant white space, for label values ("objects as compact JSON").</summary>
internal static class CompactJson
{
    public static ReadOnlySpan<byte> Write(ReadOnlySpan<byte> json, MapperState state)
    {
        var output = state.CompactBuffer;
        var writer = state.CompactWriter;
        output.ResetWrittenCount();
        writer.Reset(output);
        var reader = new Utf8JsonReader(json);
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                    writer.WriteStartObject();
                    break;
                case JsonTokenType.EndObject:
                    writer.WriteEndObject();
                    break;
                case JsonTokenType.StartArray:
                    writer.WriteStartArray();
                    break;
                case JsonTokenType.EndArray:
                    writer.WriteEndArray();
                    break;
                case JsonTokenType.PropertyName:
                    writer.WritePropertyName(Unescaped(ref reader, state));
                    break;
                case JsonTokenType.String:
                    writer.WriteStringValue(Unescaped(ref reader, state));
                    break;
                case JsonTokenType.Number:
                    writer.WriteRawValue(reader.ValueSpan, skipInputValidation: true);
                    break;
                case JsonTokenType.True or JsonTokenType.False:
                    writer.WriteBooleanValue(reader.TokenType == JsonTokenType.True);
                    break;
                case JsonTokenType.Null:
                    writer.WriteNullValue();
                    break;
            }
        }

        writer.Flush();
        return output.WrittenSpan;
    }

    private static ReadOnlySpan<byte> Unescaped(ref Utf8JsonReader reader, MapperState state)
    {
        if (!reader.ValueIsEscaped)
        {
            return reader.ValueSpan;
        }

        var buffer = state.Names(reader.ValueSpan.Length);
        return buffer.AsSpan(0, reader.CopyString(buffer));
    }
}
