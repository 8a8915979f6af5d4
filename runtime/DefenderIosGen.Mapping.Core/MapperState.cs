using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace DefenderIosGen.Mapping;

/// <summary>
/// Buffers one mapper reuses for every record, so mapping allocates nothing once they have grown to the
/// largest record seen. Not thread-safe: use one mapper per worker.
/// </summary>
public sealed class MapperState
{
    private char[] _chars = new char[256];
    private byte[] _names = new byte[128];

    public MapperState(int slotCount, int valueCount, byte[][] constants)
    {
        Slots = new CapturedValue[slotCount];
        Values = new OutputValue[valueCount];
        Constants = constants;
        ConstantIsJsonSafe = Array.ConvertAll(constants, UdmJsonWriter.IsJsonSafe);
        CompactBuffer = new ArrayBufferWriter<byte>(256);
        CompactWriter = new Utf8JsonWriter(CompactBuffer, WriterOptions);
    }

    private static JsonWriterOptions WriterOptions { get; } = new()
    {
        Indented = false,
        // Relaxed escaping keeps non-ASCII text readable; the output is NDJSON for APIs, never embedded in HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = false,
    };

    public CapturedValue[] Slots { get; }

    public OutputValue[] Values { get; }

    public byte[][] Constants { get; }

    /// <summary>Per constant: true when it needs no escaping as a JSON string.</summary>
    public bool[] ConstantIsJsonSafe { get; }

    /// <summary>Set by the host for a feed; null writes no namespace and no ingestion labels.</summary>
    public FeedMetadata? Feed { get; set; }

    public byte[] Arena { get; private set; } = new byte[4096];

    public int ArenaLength { get; set; }

    internal ArrayBufferWriter<byte> CompactBuffer { get; }

    internal Utf8JsonWriter CompactWriter { get; }

    public void Reset()
    {
        Array.Clear(Slots);
        Array.Clear(Values);
        ArenaLength = 0;
    }

    /// <summary>Makes room for <paramref name="length"/> more arena bytes and returns where they start.</summary>
    public int ReserveArena(int length)
    {
        if (ArenaLength + length > Arena.Length)
        {
            // Offsets stay valid: the content is copied, and readers still holding the old array see the same bytes.
            var grown = new byte[Math.Max(Arena.Length * 2, ArenaLength + length)];
            Arena.AsSpan(0, ArenaLength).CopyTo(grown);
            Arena = grown;
        }

        return ArenaLength;
    }

    internal char[] Chars(int length)
    {
        if (_chars.Length < length)
        {
            _chars = new char[Math.Max(_chars.Length * 2, length)];
        }

        return _chars;
    }

    internal byte[] Names(int length)
    {
        if (_names.Length < length)
        {
            _names = new byte[Math.Max(_names.Length * 2, length)];
        }

        return _names;
    }
}
