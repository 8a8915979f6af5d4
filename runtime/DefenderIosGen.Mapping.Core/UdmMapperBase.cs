using System.Text;
using System.Text.Json;

namespace DefenderIosGen.Mapping;

/// <summary>
/// Maps one Defender record (a JSON object as UTF-8) to one UDM event. The generated subclass supplies the
/// typed parts compiled from the rules: reading, evaluation and writing. One instance per thread.
/// </summary>
public abstract class UdmMapperBase
{
    private static readonly JsonReaderOptions RecordReaderOptions = new() { MaxDepth = 64 };

    private readonly MapperState _state;
    private readonly UdmJsonWriter _writer = new();
    private readonly string[] _constantStrings;
    private readonly int _eventTypePosition;

    protected UdmMapperBase(int slotCount, int valueCount, string[] constants, int eventTypePosition)
    {
        _constantStrings = constants;
        _state = new MapperState(slotCount, valueCount, Array.ConvertAll(constants, Encoding.UTF8.GetBytes));
        _eventTypePosition = eventTypePosition;
    }

    /// <summary>The feed's asset namespace and ingestion labels, added to every event; null for none.</summary>
    public FeedMetadata? Feed
    {
        get => _state.Feed;
        set => _state.Feed = value;
    }

    public MapResult Map(ReadOnlySpan<byte> record) => Map(record, MapPhases.All);

    /// <summary>
    /// Runs the phases up to <paramref name="phases"/> only, so that the benchmark suite can show what each
    /// phase costs on the same records; a partial run returns an empty event.
    /// </summary>
    internal MapResult Map(ReadOnlySpan<byte> record, MapPhases phases)
    {
        if (record.Trim(" \t\r\n"u8).IsEmpty)
        {
            return new MapResult(MapError.EmptyRecord, "the record is empty");
        }

        // Checked up front (vectorised, a small fraction of parsing) so that corrupt text is dead-lettered
        // with its original bytes rather than written with replacement characters.
        if (!System.Text.Unicode.Utf8.IsValid(record))
        {
            return new MapResult(MapError.InvalidText, "the record is not valid UTF-8");
        }

        _state.Reset();
        var context = new RecordContext(record, _state);
        var reader = new Utf8JsonReader(record, RecordReaderOptions);
        try
        {
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                return new MapResult(MapError.NotAnObject, $"the record is a JSON {reader.TokenType}, not an object");
            }

            ReadRecord(ref context, ref reader);
            if (reader.Read())
            {
                return new MapResult(MapError.MalformedJson, "unexpected content after the record's closing brace");
            }

            if (phases == MapPhases.Read)
            {
                return new MapResult(ReadOnlySpan<byte>.Empty, null);
            }

            Evaluate(ref context);
            _writer.Reset();
            if (phases == MapPhases.ReadAndEvaluate)
            {
                return new MapResult(ReadOnlySpan<byte>.Empty, null);
            }

            WriteEvent(ref context, _writer);
        }
        catch (JsonException ex)
        {
            return new MapResult(MapError.MalformedJson, "malformed JSON: " + ex.Message);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
        {
            // Invalid UTF-8 inside a string surfaces here when it is unescaped or written.
            return new MapResult(MapError.InvalidText, "invalid text: " + ex.Message);
        }

        return new MapResult(_writer.Written, EventType());
    }

    /// <summary>Options for readers over JSON held in strings (embedded JSON).</summary>
    protected static JsonReaderOptions EmbeddedReaderOptions { get; } = new() { MaxDepth = 64 };

    /// <summary>The reused buffers; generated code reads embedded JSON from its arena.</summary>
    protected MapperState State => _state;

    protected abstract void ReadRecord(ref RecordContext context, ref Utf8JsonReader reader);

    protected abstract void Evaluate(ref RecordContext context);

    protected abstract void WriteEvent(ref RecordContext context, UdmJsonWriter writer);

    private string? EventType()
    {
        if (_eventTypePosition < 0)
        {
            return null;
        }

        var value = _state.Values[_eventTypePosition];
        return value is { Kind: OutputKind.Text, Source: TextSource.Constant } ? _constantStrings[value.Start] : null;
    }
}

/// <summary>How far <see cref="UdmMapperBase"/> maps a record: the benchmark suite times each phase.</summary>
internal enum MapPhases
{
    Read,
    ReadAndEvaluate,
    All,
}
