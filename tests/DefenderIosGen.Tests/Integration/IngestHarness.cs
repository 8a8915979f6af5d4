using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using DefenderIosGen.Runtime.Ingest;
using DefenderIosGen.Runtime.Sinks;
using Microsoft.Extensions.Logging.Abstractions;

namespace DefenderIosGen.Tests.Integration;

/// <summary>A clock the tests set, to move past a settle period or a file age without waiting.</summary>
internal sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>Runs ingest passes against Azurite into files of a temporary folder, as the CLI would.</summary>
internal sealed class IngestHarness : IDisposable
{
    private readonly AzuriteFixture _azurite;

    public IngestHarness(AzuriteFixture azurite)
    {
        _azurite = azurite;
        Folder = Directory.CreateTempSubdirectory("dig-ingest-").FullName;
        File.WriteAllText(ConnectionStringFile, azurite.ConnectionString);
    }

    public string Folder { get; }

    public string CheckpointPath => Path.Combine(Folder, "checkpoints.db");

    public string OutputPath => Path.Combine(Folder, "udm.ndjson");

    public string DeadLetterPath => Path.Combine(Folder, "dead-letters.ndjson");

    public string ConnectionStringFile => Path.Combine(Folder, "connection-string.secret");

    public static string NewContainerName() => "c" + Guid.NewGuid().ToString("N")[..20];

    public FeedOptions Feed(params string[] containers) => new()
    {
        Source = _azurite.ServiceUrl,
        Containers = containers,
        Auth = StorageAuth.ConnectionString,
        SecretFile = ConnectionStringFile,
        SettlePeriod = TimeSpan.FromMinutes(30),
    };

    public async Task<IngestSummary> PassAsync(FeedOptions feed, TimeProvider? time = null, int maxRecordBytes = 1 << 20)
    {
        var (store, _) = BlobStoreFactory.Create(feed, new SecretRedactor());
        using var checkpoints = new CheckpointStore(CheckpointPath);
        await using var sink = NdjsonSink.ToFile(OutputPath, append: true);
        await using var deadLetters = new DeadLetterWriter(DeadLetterPath);
        var runner = new IngestRunner(store, checkpoints, sink, deadLetters, feed, feed.Containers, maxRecordBytes, NullLogger.Instance, time ?? TimeProvider.System);
        Assert.True(await runner.RunPassAsync(TestContext.Current.CancellationToken));
        return runner.Summary;
    }

    /// <summary>principal.hostname of every delivered event, in delivery order.</summary>
    public List<string> DeliveredHosts() => File.Exists(OutputPath)
        ? [.. File.ReadLines(OutputPath).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("principal").GetProperty("hostname").GetString()!)]
        : [];

    public static string Record(string host) =>
        $"{{\"time\":\"2026-07-18T14:08:56.6530000Z\",\"tenantId\":\"t\",\"operationName\":\"Publish\",\"category\":\"AdvancedHunting-DeviceNetworkEvents\",\"properties\":{{\"Timestamp\":\"2026-07-18T14:03:27.1180000Z\",\"DeviceName\":\"{host}\",\"RemoteUrl\":\"https://x.example\"}}}}";

    public static string Lines(params string[] hosts) => string.Concat(hosts.Select(h => Record(h) + "\r\n"));

    public async Task<BlobContainerClient> ContainerAsync(string name)
    {
        var container = _azurite.Client().GetBlobContainerClient(name);
        await container.CreateIfNotExistsAsync(cancellationToken: TestContext.Current.CancellationToken);
        return container;
    }

    public static async Task<AppendBlobClient> AppendAsync(BlobContainerClient container, string name, string text)
    {
        var blob = container.GetAppendBlobClient(name);
        await blob.CreateIfNotExistsAsync(cancellationToken: TestContext.Current.CancellationToken);
        if (text.Length > 0)
        {
            await blob.AppendBlockAsync(new MemoryStream(Encoding.UTF8.GetBytes(text)), cancellationToken: TestContext.Current.CancellationToken);
        }

        return blob;
    }

    public static Task UploadAsync(BlobContainerClient container, string name, string text, IDictionary<string, string>? metadata = null) =>
        container.GetBlobClient(name).UploadAsync(BinaryData.FromString(text), new BlobUploadOptions { Metadata = metadata }, TestContext.Current.CancellationToken);

    public static async Task<DateTimeOffset> LastModifiedAsync(BlobContainerClient container, string name) =>
        (await container.GetBlobClient(name).GetPropertiesAsync(cancellationToken: TestContext.Current.CancellationToken)).Value.LastModified;

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
