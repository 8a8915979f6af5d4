using System.Text;
using System.Text.Json;
using DefenderIosGen.Cli;
using DefenderIosGen.Runtime.SecOps;
using DefenderIosGen.Runtime.Sinks;
using DefenderIosGen.Tests.Cli;
using Microsoft.Extensions.Logging.Abstractions;
using static DefenderIosGen.Tests.Integration.IngestHarness;

namespace DefenderIosGen.Tests.Integration;

/// <summary>Delivery to Google SecOps, against the local stand-in of its token and ingestion endpoints.</summary>
public sealed class SecOpsTests(AzuriteFixture azurite) : IAsyncDisposable
{
    private readonly SecOpsStandIn _standIn = new();
    private readonly string _folder = Directory.CreateTempSubdirectory("dig-secops-").FullName;

    public async ValueTask DisposeAsync()
    {
        await _standIn.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    private string DeadLetterPath => Path.Combine(_folder, "dead-letters.ndjson");

    private SecOpsOptions Options(SecOpsApi api = SecOpsApi.Import) => new()
    {
        Api = api,
        Endpoint = new Uri(_standIn.BaseUrl),
        Project = SecOpsStandIn.Project,
        Location = SecOpsStandIn.Location,
        Instance = SecOpsStandIn.Instance,
        CustomerId = SecOpsStandIn.CustomerId,
        CredentialsFile = _standIn.WriteKeyFile(_folder),
        RetryBaseDelay = TimeSpan.FromMilliseconds(50),
    };

    private static string Event(string host, string type = "STATUS_UPDATE") =>
        $"{{\"metadata\":{{\"eventTimestamp\":\"2026-07-18T14:00:00Z\",\"eventType\":\"{type}\"}},\"principal\":{{\"hostname\":\"{host}\"}}}}";

    private async Task<(SecOpsMetrics Metrics, List<JsonElement> DeadLetters)> SendAsync(SecOpsOptions options, IEnumerable<string> events)
    {
        SecOpsMetrics metrics;
        await using (var deadLetters = new DeadLetterWriter(DeadLetterPath))
        {
            await using var sink = new SecOpsSink(options, deadLetters, NullLogger.Instance);
            var line = 0;
            foreach (var udm in events)
            {
                sink.Write(Encoding.UTF8.GetBytes(udm), new DeadLetterOrigin("test", "line", ++line, 0));
            }

            await sink.FlushAsync(TestContext.Current.CancellationToken);
            metrics = sink.Metrics;
        }

        var letters = File.Exists(DeadLetterPath) ? File.ReadLines(DeadLetterPath).Select(l => JsonDocument.Parse(l).RootElement).ToList() : [];
        return (metrics, letters);
    }

    private List<string> AcceptedHosts() =>
        [.. _standIn.AcceptedEvents.Select(e => JsonDocument.Parse(e).RootElement.GetProperty("principal").GetProperty("hostname").GetString()!)];

    /// <summary>The `ingest` command as a user runs it, from an Azurite container to the stand-in.</summary>
    private Task<CliRunner.Outcome> IngestToStandInAsync(IngestHarness harness, string container) => CliRunner.RunAsync(
        null, [], ["ingest", "--source", azurite.ServiceUrl, "--container", container, "--auth", "connection-string", "--secret-file", harness.ConnectionStringFile,
        "--checkpoint", harness.CheckpointPath, "--dead-letter", harness.DeadLetterPath,
        "--to", "secops", "--secops-endpoint", _standIn.BaseUrl, "--secops-project", SecOpsStandIn.Project, "--secops-location", SecOpsStandIn.Location,
        "--secops-instance", SecOpsStandIn.Instance, "--secops-credentials", _standIn.WriteKeyFile(_folder)]);

    [Theory]
    [InlineData("import")]
    [InlineData("legacy")]
    public async Task Map_delivers_the_samples_through_either_api(string api)
    {
        if (api == "legacy")
        {
            _standIn.ExpectedScope = SecOpsEndpoint.MalachiteScope;
        }

        var run = await CliRunner.RunAsync(
            null, "map", SampleFiles.Folder, "--to", "secops", "--secops-api", api, "--secops-endpoint", _standIn.BaseUrl,
            "--secops-project", SecOpsStandIn.Project, "--secops-location", SecOpsStandIn.Location, "--secops-instance", SecOpsStandIn.Instance,
            "--secops-customer-id", SecOpsStandIn.CustomerId, "--secops-credentials", _standIn.WriteKeyFile(_folder), "--dead-letter", DeadLetterPath);

        Assert.True(run.ExitCode == ExitCodes.Success, run.Stderr);
        var records = SampleFiles.AllRecordLines().Count();
        Assert.Equal(records, _standIn.AcceptedEvents.Count);
        Assert.Empty(_standIn.TokenErrors);
        Assert.Contains($"{records} events accepted", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(api == "legacy" ? 1 : 0, run.Stderr.Split('\n').Count(line => line.Contains("deprecated", StringComparison.Ordinal)));
        Assert.DoesNotContain("PRIVATE KEY", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Batches_respect_the_count_limit_and_tokens_are_refreshed_when_they_expire()
    {
        _standIn.TokenLifetime = TimeSpan.FromSeconds(1);
        var (metrics, _) = await SendAsync(Options() with { MaxBatchEvents = 10, MaxRequestsInFlight = 1 }, Enumerable.Range(0, 30).Select(i => Event($"h{i}")));

        Assert.Equal(30, metrics.EventsAccepted);
        Assert.Equal(3, _standIn.Requests.Count);
        Assert.All(_standIn.Requests, r => Assert.Equal(10, r.Events));
        Assert.True(_standIn.TokenRequests >= 2, $"{_standIn.TokenRequests} token requests");
        Assert.True(_standIn.Requests.Select(r => r.Token).Distinct().Count() >= 2);
    }

    [Fact]
    public async Task Batches_respect_the_byte_limit()
    {
        var events = Enumerable.Range(0, 40).Select(i => Event($"h{i}-" + new string('x', 200))).ToList();
        var (metrics, _) = await SendAsync(Options() with { MaxBatchBytes = 2_000 }, events);

        Assert.Equal(40, metrics.EventsAccepted);
        Assert.True(_standIn.Requests.Count >= 5);
        Assert.All(_standIn.Requests, r => Assert.InRange(r.Events, 1, 2_000 / 250));
    }

    [Fact]
    public async Task A_429_is_retried_after_the_retry_after_delay()
    {
        _standIn.ScriptedFailures.Enqueue((429, 1));
        var (metrics, _) = await SendAsync(Options(), Enumerable.Range(0, 5).Select(i => Event($"h{i}")));

        var requests = _standIn.Requests.ToList();
        Assert.Equal([429, 200], requests.Select(r => r.Status));
        Assert.True(requests[1].At - requests[0].At >= TimeSpan.FromSeconds(0.9), "Retry-After: 1 was not honoured");
        Assert.Equal(1, metrics.Retried);
        Assert.Equal(5, metrics.EventsAccepted);
    }

    [Fact]
    public async Task Unavailable_then_recovered_delivers_everything_once()
    {
        _standIn.ScriptedFailures.Enqueue((503, null));
        _standIn.ScriptedFailures.Enqueue((500, null));
        var (metrics, letters) = await SendAsync(Options(), Enumerable.Range(0, 5).Select(i => Event($"h{i}")));

        Assert.Equal([503, 500, 200], _standIn.Requests.Select(r => r.Status));
        Assert.Equal(2, metrics.Retried);
        Assert.Equal(["h0", "h1", "h2", "h3", "h4"], AcceptedHosts());
        Assert.Empty(letters);
    }

    [Fact]
    public async Task A_403_is_not_retried_and_fails_the_flush_without_dead_lettering()
    {
        _standIn.ScriptedFailures.Enqueue((403, null));
        var failure = await Assert.ThrowsAsync<SecOpsDeliveryException>(() => SendAsync(Options(), [Event("h1"), Event("h2")]));

        Assert.Contains("403", failure.Message, StringComparison.Ordinal);
        Assert.Equal([403], _standIn.Requests.Select(r => r.Status));
        Assert.Empty(_standIn.AcceptedEvents);
        Assert.False(File.Exists(DeadLetterPath));
    }

    [Fact]
    public async Task One_invalid_event_is_isolated_and_dead_lettered_and_the_rest_delivered()
    {
        var events = Enumerable.Range(0, 20).Select(i => Event(i == 7 ? SecOpsStandIn.RejectedHost : $"h{i}")).ToList();
        var (metrics, letters) = await SendAsync(Options(), events);

        Assert.Equal(Enumerable.Range(0, 20).Where(i => i != 7).Select(i => $"h{i}").Order(), AcceptedHosts().Order());
        Assert.Equal(19, metrics.EventsAccepted);
        var letter = Assert.Single(letters);
        Assert.Equal(8, letter.GetProperty("line").GetInt32());
        Assert.Contains("Invalid event at index 0", letter.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Contains(SecOpsStandIn.RejectedHost, letter.GetProperty("record").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Events_their_type_would_reject_are_reported_or_sent_as_generic()
    {
        var statusWithoutMachine = "{\"metadata\":{\"eventTimestamp\":\"2026-07-18T14:00:00Z\",\"eventType\":\"STATUS_UPDATE\"},\"principal\":{\"user\":{\"userid\":\"jdoe\"}}}";
        var (metrics, letters) = await SendAsync(Options(), [statusWithoutMachine, Event("ok")]);
        Assert.Equal(["ok"], AcceptedHosts());
        Assert.Equal(1, metrics.DeadLettered);
        Assert.Contains("STATUS_UPDATE needs a principal machine", Assert.Single(letters).GetProperty("reason").GetString(), StringComparison.Ordinal);

        File.Delete(DeadLetterPath);
        var (generic, none) = await SendAsync(Options() with { SendInvalidAsGeneric = true }, [statusWithoutMachine]);
        Assert.Equal(1, generic.SentAsGeneric);
        Assert.Empty(none);
        Assert.Contains(_standIn.AcceptedEvents, e => e.Contains("\"eventType\":\"GENERIC_EVENT\"", StringComparison.Ordinal) && e.Contains("jdoe", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_rejected_token_request_fails_the_flush_without_dead_lettering()
    {
        _standIn.ExpectedScope = "https://www.googleapis.com/auth/something-else";
        await Assert.ThrowsAnyAsync<Exception>(() => SendAsync(Options(), [Event("h")]));
        Assert.Contains(_standIn.TokenErrors, e => e.StartsWith("wrong scope", StringComparison.Ordinal));
        Assert.Empty(_standIn.AcceptedEvents);
        Assert.False(File.Exists(DeadLetterPath));
    }

    [Fact]
    public async Task Azurite_to_ingest_to_secops_delivers_every_record_once_the_outage_ends()
    {
        using var harness = new IngestHarness(azurite);
        var container = await harness.ContainerAsync(NewContainerName());
        var hosts = Enumerable.Range(0, 3_000).Select(i => $"e{i}").ToArray();
        await AppendAsync(container, "tenantId=t/y=2026/m=07/d=18/h=14/m=00/PT1H.json", Lines(hosts[..1_500]));
        await AppendAsync(container, "tenantId=t/y=2026/m=07/d=18/h=15/m=00/PT1H.json", Lines(hosts[1_500..]));
        _standIn.OutageUntil = DateTimeOffset.UtcNow.AddSeconds(3);

        var run = await IngestToStandInAsync(harness, container.Name);

        Assert.True(run.ExitCode == ExitCodes.Success, run.Stderr);
        Assert.Contains(_standIn.Requests, r => r.Status == 503);
        Assert.Equal(hosts.Order(), AcceptedHosts().Order());
        TestContext.Current.TestOutputHelper?.WriteLine(run.Stderr);
    }

    /// <summary>
    /// Not part of the test run (explicit): delivers a larger export to the stand-in and prints the run's
    /// own summary, with events per second, for the README. Run with --filter-method and --explicit on.
    /// </summary>
    [Fact(Explicit = true)]
    public async Task Report_delivery_throughput_to_the_stand_in()
    {
        using var harness = new IngestHarness(azurite);
        var container = await harness.ContainerAsync(NewContainerName());
        const int perBlob = 5_000;
        for (var blob = 0; blob < 10; blob++)
        {
            await AppendAsync(container, $"tenantId=t/y=2026/m=07/d=18/h={blob:D2}/m=00/PT1H.json", Lines([.. Enumerable.Range(blob * perBlob, perBlob).Select(i => $"r{i}")]));
        }

        var run = await IngestToStandInAsync(harness, container.Name);

        Assert.True(run.ExitCode == ExitCodes.Success, run.Stderr);
        Assert.Equal(10 * perBlob, _standIn.AcceptedEvents.Count);
        TestContext.Current.TestOutputHelper?.WriteLine(string.Join('\n', run.Stderr.Split('\n').Where(l => !l.StartsWith('{'))));
    }
}
