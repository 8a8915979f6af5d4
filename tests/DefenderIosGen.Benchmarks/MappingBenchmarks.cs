using System.Text.Json;
using BenchmarkDotNet.Attributes;
using DefenderIosGen.Benchmarks.Corpus;
using DefenderIosGen.Benchmarks.Interpreted;
using DefenderIosGen.Mapping;

namespace DefenderIosGen.Benchmarks;

/// <summary>
/// The same corpus bytes through: the reader floor (what any correct mapper must at least pay), the
/// generated mapper, and the interpreted baseline. Each operation is one record, so Mean is time per
/// record and Allocated is bytes per record; the MB/s and records/s columns derive from Mean.
/// </summary>
[MemoryDiagnoser]
public class MappingBenchmarks
{
    public const int RecordCount = 20_000;

    private CorpusRecords _corpus = null!;
    private UdmMapper _generated = null!;
    private InterpretedMapper _interpreted = null!;

    [GlobalSetup]
    public void Setup()
    {
        _corpus = CorpusRecords.Shared;
        _generated = new UdmMapper();
        _interpreted = InterpretedMapper.Load(RepositoryRules.Directory);
        EquivalenceCheck.Run(_corpus, _generated, _interpreted);
    }

    [Benchmark(OperationsPerInvoke = RecordCount, Description = "reader floor: Utf8JsonReader over every token")]
    public long ReaderFloor()
    {
        long tokens = 0;
        for (var i = 0; i < _corpus.Records.Length; i++)
        {
            var reader = new Utf8JsonReader(_corpus[i]);
            while (reader.Read())
            {
                tokens++;
            }
        }

        return tokens;
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = RecordCount, Description = "generated mapper")]
    public long Generated()
    {
        long bytes = 0;
        for (var i = 0; i < _corpus.Records.Length; i++)
        {
            bytes += _generated.Map(_corpus[i]).UdmEvent.Length;
        }

        return bytes;
    }

    [Benchmark(OperationsPerInvoke = RecordCount, Description = "generated, phase 1: validate, read and capture")]
    public long GeneratedReadPhase() => Phases(MapPhases.Read);

    [Benchmark(OperationsPerInvoke = RecordCount, Description = "generated, phases 1-2: and evaluate the rules")]
    public long GeneratedReadAndEvaluatePhases() => Phases(MapPhases.ReadAndEvaluate);

    [Benchmark(OperationsPerInvoke = RecordCount, Description = "interpreted rules over JsonNode")]
    public long Interpreted()
    {
        long bytes = 0;
        for (var i = 0; i < _corpus.Records.Length; i++)
        {
            bytes += _interpreted.Map(_corpus[i]).Length;
        }

        return bytes;
    }

    /// <summary>The generated mapper stopped after a phase: the differences between rows are what each phase costs.</summary>
    private long Phases(MapPhases phases)
    {
        long failures = 0;
        for (var i = 0; i < _corpus.Records.Length; i++)
        {
            failures += _generated.Map(_corpus[i], phases).Success ? 0 : 1;
        }

        return failures;
    }
}
