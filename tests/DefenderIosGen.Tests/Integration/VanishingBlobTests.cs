using System.Runtime.CompilerServices;
using System.Text;
using Azure;
using DefenderIosGen.Runtime.Ingest;
using DefenderIosGen.Runtime.Sinks;
using Microsoft.Extensions.Logging.Abstractions;

namespace DefenderIosGen.Tests.Integration;

/// <summary>Blobs that vanish or change between listing and reading are left for the next pass, not fatal to this one.</summary>
public sealed class VanishingBlobTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("dig-vanish-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData(404)]
    [InlineData(416)]
    public async Task A_blob_gone_or_recreated_after_listing_is_skipped_and_the_others_delivered(int status)
    {
        var store = new ScriptedStore(status);
        var output = Path.Combine(_folder, "udm.ndjson");
        using var checkpoints = new CheckpointStore(Path.Combine(_folder, "cp.db"));
        await using (var sink = NdjsonSink.ToFile(output))
        await using (var deadLetters = new DeadLetterWriter(Path.Combine(_folder, "dl.ndjson")))
        {
            var feed = new FeedOptions { Source = "scripted", Containers = ["c"] };
            var runner = new IngestRunner(store, checkpoints, sink, deadLetters, feed, feed.Containers, 1 << 20, NullLogger.Instance, TimeProvider.System);
            Assert.True(await runner.RunPassAsync(TestContext.Current.CancellationToken));
            Assert.Equal(1, runner.Summary.For("c").BlobsSkipped);
        }

        Assert.Single(File.ReadAllLines(output));
        Assert.Null(checkpoints.Get("default", "c", "gone.json"));
        Assert.NotNull(checkpoints.Get("default", "c", "kept.json"));
    }

    /// <summary>Lists two blobs; reading "gone.json" fails as Azure does when it was deleted (404) or re-created smaller (416).</summary>
    private sealed class ScriptedStore(int status) : IBlobStore
    {
        private static readonly byte[] Line = Encoding.UTF8.GetBytes("{\"properties\":{\"DeviceName\":\"d\"}}\n");

        public string DisplayName => "scripted";

        public Task<bool> ContainerExistsAsync(string container, CancellationToken cancellationToken) => Task.FromResult(true);

        public async IAsyncEnumerable<BlobEntry> ListAsync(string container, string? prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var now = DateTimeOffset.UtcNow;
            yield return new BlobEntry(container, "gone.json", Line.Length, now, now, "e1", false);
            yield return new BlobEntry(container, "kept.json", Line.Length, now, now, "e2", false);
            await Task.CompletedTask;
        }

        public Task<Stream> OpenRangeAsync(BlobEntry blob, long offset, long length, CancellationToken cancellationToken) =>
            blob.Name == "gone.json" ? throw new RequestFailedException(status, "scripted") : Task.FromResult<Stream>(new MemoryStream(Line));

        public Task<bool> DeleteIfUnchangedAsync(BlobEntry blob, CancellationToken cancellationToken) => Task.FromResult(false);

        public Task DeleteEmptyDirectoriesAsync(string container, string blobName, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
