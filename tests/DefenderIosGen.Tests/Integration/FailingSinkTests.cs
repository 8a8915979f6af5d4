using System.Text;
using DefenderIosGen.Runtime.Ingest;
using DefenderIosGen.Runtime.Sinks;
using Microsoft.Extensions.Logging.Abstractions;

namespace DefenderIosGen.Tests.Integration;

/// <summary>When the sink cannot deliver, no checkpoint moves: the next run delivers the same events again.</summary>
public sealed class FailingSinkTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("dig-failing-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task A_failed_flush_commits_nothing_and_the_next_run_redelivers()
    {
        var export = Path.Combine(_folder, "export", "c");
        Directory.CreateDirectory(export);
        // More than one batch (4,096 records), so that a flush happens in the middle of the pass and fails there.
        const int records = 5_000;
        await File.WriteAllLinesAsync(Path.Combine(export, "a.json"), Enumerable.Range(0, records).Select(i => $"{{\"properties\":{{\"DeviceName\":\"h{i}\"}}}}"), TestContext.Current.CancellationToken);
        var feed = new FeedOptions { Source = Path.Combine(_folder, "export"), Containers = ["c"] };
        using var checkpoints = new CheckpointStore(Path.Combine(_folder, "cp.db"));
        await using var deadLetters = new DeadLetterWriter(Path.Combine(_folder, "dl.ndjson"));

        var failing = new RecordingSink { FailFlushes = 1 };
        var first = new IngestRunner(new LocalFolderStore(feed.Source), checkpoints, failing, deadLetters, feed, feed.Containers, 1 << 20, NullLogger.Instance, TimeProvider.System);
        await Assert.ThrowsAsync<IOException>(() => first.RunPassAsync(TestContext.Current.CancellationToken));
        Assert.Null(checkpoints.Get("default", "c", "a.json"));

        var working = new RecordingSink();
        var second = new IngestRunner(new LocalFolderStore(feed.Source), checkpoints, working, deadLetters, feed, feed.Containers, 1 << 20, NullLogger.Instance, TimeProvider.System);
        Assert.True(await second.RunPassAsync(TestContext.Current.CancellationToken));
        Assert.Equal(records, working.Flushed.Count);
        Assert.NotNull(checkpoints.Get("default", "c", "a.json"));
    }

    /// <summary>Keeps events in memory; its first flushes fail, as a destination that is down would.</summary>
    private sealed class RecordingSink : IEventSink
    {
        private readonly List<string> _unflushed = [];

        public int FailFlushes { get; set; }

        public List<string> Flushed { get; } = [];

        public void Write(ReadOnlySpan<byte> udmEventJson, in DeadLetterOrigin origin) => _unflushed.Add(Encoding.UTF8.GetString(udmEventJson));

        public Task FlushAsync(CancellationToken cancellationToken)
        {
            if (FailFlushes-- > 0)
            {
                _unflushed.Clear();
                throw new IOException("destination unavailable");
            }

            Flushed.AddRange(_unflushed);
            _unflushed.Clear();
            return Task.CompletedTask;
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
