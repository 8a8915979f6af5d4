using System.Diagnostics;
using System.Text;

namespace DefenderIosGen.Runtime.Pipeline;

/// <summary>Counts of one run, printed on stderr at the end.</summary>
public sealed class MapSummary
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public long Inputs { get; set; }

    /// <summary>What an input is called in the summary: " input" for files, " blob" for ingest.</summary>
    public string InputNoun { get; init; } = " input";

    public long Records { get; set; }

    public long Mapped { get; set; }

    public long DeadLettered { get; set; }

    public long BytesRead { get; set; }

    /// <summary>Mapped events per UDM event type (keys are the mapper's constant strings: counting allocates nothing).</summary>
    public Dictionary<string, long> EventTypes { get; } = new(StringComparer.Ordinal);

    public TimeSpan Elapsed => _clock.Elapsed;

    public void CountEventType(string? eventType)
    {
        var key = eventType ?? "(none)";
        EventTypes[key] = EventTypes.GetValueOrDefault(key) + 1;
    }

    public string Describe(string command)
    {
        var seconds = Math.Max(Elapsed.TotalSeconds, 1e-6);
        var text = new StringBuilder();
        text.Append(command).Append(": ")
            .Append(Inputs).Append(InputNoun).Append(Inputs == 1 ? ", " : "s, ")
            .Append(Records).Append(" records, ")
            .Append(Mapped).Append(" mapped, ")
            .Append(DeadLettered).Append(" dead-lettered in ")
            .Append(seconds.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture)).Append(" s (")
            .Append((Records / seconds).ToString("0", System.Globalization.CultureInfo.InvariantCulture)).Append(" records/s, ")
            .Append((BytesRead / seconds / 1e6).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)).Append(" MB/s)");
        if (EventTypes.Count > 0)
        {
            text.Append('\n').Append("  event types: ")
                .AppendJoin(", ", EventTypes.OrderByDescending(e => e.Value).ThenBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Key} {e.Value}"));
        }

        return text.ToString();
    }
}
