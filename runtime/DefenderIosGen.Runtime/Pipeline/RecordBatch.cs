using System.Buffers;
using DefenderIosGen.Mapping;
using DefenderIosGen.Runtime.Records;

namespace DefenderIosGen.Runtime.Pipeline;

/// <summary>
/// A run of consecutive records copied out of the reader, and, once a worker has mapped them, the UDM
/// events (newline-free JSON, back to back) and outcomes. Reused through a pool, so steady-state mapping
/// allocates no batches.
/// </summary>
internal sealed class RecordBatch
{
    public const int TargetInputBytes = 1 << 20;
    public const int MaxRecords = 4096;

    private byte[] _input = ArrayPool<byte>.Shared.Rent(TargetInputBytes + (64 * 1024));
    private byte[] _output = ArrayPool<byte>.Shared.Rent(2 * TargetInputBytes);

    public string Source { get; set; } = "";

    public string PositionName { get; set; } = "line";

    public List<Entry> Entries { get; } = new(MaxRecords);

    public int InputLength { get; private set; }

    public int OutputLength { get; private set; }

    public bool IsFull => InputLength >= TargetInputBytes || Entries.Count >= MaxRecords;

    /// <summary>One record and its outcome. Problem is set when the reader could not hand the record on.</summary>
    public record struct Entry(int Start, int Length, long Line, long Offset, long SourceLength, string? Problem)
    {
        public int OutputStart { get; set; }

        public int OutputLength { get; set; }

        public string? EventType { get; set; }

        public string? Error { get; set; }
    }

    public void Reset(string source, string positionName)
    {
        Source = source;
        PositionName = positionName;
        Entries.Clear();
        InputLength = 0;
        OutputLength = 0;
    }

    public void Add(in SourceRecord record)
    {
        Grow(ref _input, InputLength, record.Bytes.Length);
        record.Bytes.CopyTo(_input.AsSpan(InputLength));
        Entries.Add(new Entry(InputLength, record.Bytes.Length, record.Line, record.Offset, record.Length, record.Problem));
        InputLength += record.Bytes.Length;
    }

    public ReadOnlySpan<byte> Input(in Entry entry) => _input.AsSpan(entry.Start, entry.Length);

    public ReadOnlySpan<byte> Output(in Entry entry) => _output.AsSpan(entry.OutputStart, entry.OutputLength);

    /// <summary>Maps every record with the worker's own mapper.</summary>
    public void Map(UdmMapper mapper)
    {
        OutputLength = 0;
        var entries = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(Entries);
        for (var i = 0; i < entries.Length; i++)
        {
            ref var entry = ref entries[i];
            if (entry.Problem is not null)
            {
                entry.Error = entry.Problem;
                continue;
            }

            var result = mapper.Map(_input.AsSpan(entry.Start, entry.Length));
            if (!result.Success)
            {
                entry.Error = result.ErrorDetail;
                continue;
            }

            Grow(ref _output, OutputLength, result.UdmEvent.Length);
            result.UdmEvent.CopyTo(_output.AsSpan(OutputLength));
            entry.OutputStart = OutputLength;
            entry.OutputLength = result.UdmEvent.Length;
            entry.EventType = result.EventType;
            OutputLength += result.UdmEvent.Length;
        }
    }

    private static void Grow(ref byte[] buffer, int used, int needed)
    {
        if (used + needed <= buffer.Length)
        {
            return;
        }

        var grown = ArrayPool<byte>.Shared.Rent(Math.Max(buffer.Length * 2, used + needed));
        buffer.AsSpan(0, used).CopyTo(grown);
        ArrayPool<byte>.Shared.Return(buffer);
        buffer = grown;
    }
}
