using System.Globalization;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using DefenderIosGen.Benchmarks;
using DefenderIosGen.Benchmarks.Corpus;

// corpus --size 1GB --out FILE [--seed N]   writes a corpus file for the end-to-end run
// load-export --connection-string-file F [--hours 24] [--records-per-hour 300] [--big-blob-size 1GB]
//                                            loads a realistic export (8 containers x N hourly append blobs) into a storage account
// verify                                    checks that generated and interpreted mappers agree on the corpus
// (anything else)                            runs the BenchmarkDotNet suite (BenchmarkDotNet's own options apply)
if (args.Length > 0 && args[0] == "corpus")
{
    var size = ParseSize(Option("--size") ?? "100MB");
    var output = Option("--out") ?? throw new ArgumentException("corpus needs --out FILE");
    var seed = int.Parse(Option("--seed") ?? "42", CultureInfo.InvariantCulture);
    await using var file = new FileStream(output, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
    var records = new CorpusGenerator(seed).Write(file, size);
    Console.Error.WriteLine($"wrote {output}: {file.Length:N0} bytes, {records:N0} records (seed {seed})");
    return 0;
}

if (args.Length > 0 && args[0] == "load-export")
{
    var connectionString = File.ReadAllText(Option("--connection-string-file") ?? throw new ArgumentException("load-export needs --connection-string-file")).Trim();
    var service = new Azure.Storage.Blobs.BlobServiceClient(connectionString);
    var hours = int.Parse(Option("--hours") ?? "24", CultureInfo.InvariantCulture);
    var perHour = int.Parse(Option("--records-per-hour") ?? "300", CultureInfo.InvariantCulture);
    var (loaded, bytes) = await ExportLoader.LoadAsync(service, hours, perHour, 42);
    Console.Error.WriteLine($"loaded 8 containers x {hours} hourly append blobs: {loaded:N0} records, {bytes / 1e6:0.0} MB");
    if (Option("--big-blob-size") is { } big)
    {
        var written = await ExportLoader.LoadBigAppendBlobAsync(service, "big-append-blob", ParseSize(big), 7);
        Console.Error.WriteLine($"loaded big-append-blob: one append blob of {written:N0} bytes");
    }

    return 0;
}

if (args.Length > 0 && args[0] == "verify")
{
    EquivalenceCheck.Run(CorpusRecords.Shared, new DefenderIosGen.Mapping.UdmMapper(), DefenderIosGen.Benchmarks.Interpreted.InterpretedMapper.Load(RepositoryRules.Directory));
    Console.WriteLine($"generated and interpreted mappers agree on all {CorpusRecords.Shared.Records.Length:N0} records");
    return 0;
}

Console.WriteLine($"corpus: {CorpusRecords.Shared.Records.Length:N0} records, {CorpusRecords.Shared.Bytes.Length / 1e6:0.0} MB, {CorpusRecords.Shared.AverageRecordBytes:0} bytes per record");
var config = ManualConfig.Create(DefaultConfig.Instance)
    .AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithWarmupCount(3).WithIterationCount(10))
    .AddColumn(new ThroughputColumn(megabytes: true), new ThroughputColumn(megabytes: false));
BenchmarkRunner.Run<MappingBenchmarks>(config, args);
return 0;

string? Option(string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}

static long ParseSize(string text)
{
    var units = new (string Suffix, long Factor)[] { ("GB", 1_000_000_000), ("MB", 1_000_000), ("KB", 1_000) };
    foreach (var (suffix, factor) in units)
    {
        if (text.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
        {
            return (long)(double.Parse(text[..^suffix.Length], CultureInfo.InvariantCulture) * factor);
        }
    }

    return long.Parse(text, CultureInfo.InvariantCulture);
}
