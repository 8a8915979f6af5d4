using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using DefenderIosGen.Benchmarks.Corpus;

namespace DefenderIosGen.Benchmarks;

/// <summary>MB/s and records/s on one core, from the mean time per record and the corpus's mean record size.</summary>
public sealed class ThroughputColumn(bool megabytes) : IColumn
{
    public string Id => megabytes ? "MBps" : "RecordsPerSecond";

    public string ColumnName => megabytes ? "MB/s" : "records/s";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => megabytes ? 0 : 1;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => megabytes ? "input megabytes (10^6) mapped per second on one core" : "records per second on one core";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var report = summary[benchmarkCase];
        if (report?.ResultStatistics is not { } statistics)
        {
            return "-";
        }

        var recordsPerSecond = 1e9 / statistics.Mean;
        return megabytes
            ? (recordsPerSecond * CorpusRecords.Shared.AverageRecordBytes / 1e6).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)
            : recordsPerSecond.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}
