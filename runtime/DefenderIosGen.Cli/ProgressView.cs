using System.Globalization;
using System.Text;
using DefenderIosGen.Runtime.Ingest;

namespace DefenderIosGen.Cli;

/// <summary>
/// The live view an operator sees in a terminal: per container, blobs, bytes, events per second since the
/// last refresh, and lag (how old the newest fully delivered blob's last change is). Logs stay structured
/// when stderr is not a terminal, and this view is not shown there.
/// </summary>
internal sealed class ProgressView(List<IngestRunner> runners)
{
    private readonly Dictionary<string, long> _lastEvents = [];
    private DateTimeOffset _last = DateTimeOffset.UtcNow;

    public void Show()
    {
        try
        {
            Render();
        }
        catch (InvalidOperationException)
        {
            // The container list changed under the snapshot; the next refresh shows it.
        }
    }

    private void Render()
    {
        var now = DateTimeOffset.UtcNow;
        var seconds = Math.Max((now - _last).TotalSeconds, 0.001);
        _last = now;
        var text = new StringBuilder();
        text.Append(now.ToString("HH:mm:ss", CultureInfo.InvariantCulture)).Append(" progress\n");
        foreach (var runner in runners)
        {
            // A snapshot: the runner updates these counters on its own thread; a refresh may be one batch behind.
            foreach (var (container, progress) in runner.Summary.Containers.ToArray())
            {
                var events = progress.Events;
                var rate = (events - _lastEvents.GetValueOrDefault(container)) / seconds;
                _lastEvents[container] = events;
                var lag = progress.NewestDelivered is { } newest ? $"{Math.Max(0, (now - newest).TotalSeconds):0} s" : "-";
                text.Append(CultureInfo.InvariantCulture, $"  {container,-50} {progress.BlobsRead,6} blobs {progress.BytesRead / 1e6,10:0.0} MB {rate,10:0} events/s  lag {lag}\n");
            }
        }

        Console.Error.Write(text.ToString());
    }
}
