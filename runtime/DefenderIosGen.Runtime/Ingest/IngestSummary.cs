using System.Globalization;
using System.Text;
using DefenderIosGen.Runtime.Pipeline;

namespace DefenderIosGen.Runtime.Ingest;

/// <summary>Per-container progress: what was read, delivered and deleted, and how far behind the newest data is.</summary>
public sealed class ContainerProgress
{
    public long BlobsListed { get; set; }

    public long BlobsRead { get; set; }

    public long BlobsDeleted { get; set; }

    public long BlobsSkipped { get; set; }

    public long BytesRead { get; set; }

    public long Events { get; set; }

    /// <summary>LastModified of the newest blob fully delivered: "now" minus this is the lag.</summary>
    public DateTimeOffset? NewestDelivered { get; set; }
}

/// <summary>The run's counts: records and event types as in `map`, plus blobs and bytes per container.</summary>
public sealed class IngestSummary
{
    public MapSummary Records { get; } = new() { InputNoun = " blob" };

    public SortedDictionary<string, ContainerProgress> Containers { get; } = new(StringComparer.Ordinal);

    public ContainerProgress For(string container)
    {
        if (!Containers.TryGetValue(container, out var progress))
        {
            progress = new ContainerProgress();
            Containers[container] = progress;
        }

        return progress;
    }

    public string Describe(DateTimeOffset now)
    {
        var text = new StringBuilder(Records.Describe("ingest"));
        foreach (var (name, c) in Containers)
        {
            text.Append('\n').Append("  ").Append(name).Append(": ")
                .Append(c.BlobsRead).Append(" blobs read of ").Append(c.BlobsListed).Append(" listed, ")
                .Append((c.BytesRead / 1e6).ToString("0.0", CultureInfo.InvariantCulture)).Append(" MB, ")
                .Append(c.Events).Append(" events, ")
                .Append(c.BlobsDeleted).Append(" deleted, ")
                .Append(c.BlobsSkipped).Append(" skipped (empty or too old)");
            if (c.NewestDelivered is { } newest)
            {
                text.Append(", lag ").Append(Math.Max(0, (now - newest).TotalSeconds).ToString("0", CultureInfo.InvariantCulture)).Append(" s");
            }
        }

        return text.ToString();
    }
}
