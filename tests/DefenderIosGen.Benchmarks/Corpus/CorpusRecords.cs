namespace DefenderIosGen.Benchmarks.Corpus;

/// <summary>A generated corpus held in memory, cut into records (CRLF excluded) once, so benchmarks measure mapping only.</summary>
public sealed class CorpusRecords
{
    public CorpusRecords(byte[] bytes)
    {
        Bytes = bytes;
        var records = new List<(int, int)>();
        var start = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n')
            {
                var end = i > start && bytes[i - 1] == (byte)'\r' ? i - 1 : i;
                records.Add((start, end - start));
                start = i + 1;
            }
        }

        Records = [.. records];
    }

    public byte[] Bytes { get; }

    public (int Start, int Length)[] Records { get; }

    /// <summary>Bytes per record as read from the file, line end included.</summary>
    public double AverageRecordBytes => (double)Bytes.Length / Records.Length;

    public ReadOnlySpan<byte> this[int index] => Bytes.AsSpan(Records[index].Start, Records[index].Length);

    /// <summary>The shared benchmark corpus: exactly <see cref="MappingBenchmarks.RecordCount"/> records from seed 42.</summary>
    public static CorpusRecords Shared { get; } = new(Generate(MappingBenchmarks.RecordCount));

    private static byte[] Generate(int records)
    {
        using var memory = new MemoryStream();
        new CorpusGenerator(42).WriteRecords(memory, records);
        return memory.ToArray();
    }
}
