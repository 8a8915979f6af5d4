using System.Diagnostics;
using System.Text;
using Azure.Storage;
using Azure.Storage.Sas;
using DefenderIosGen.Cli;
using DefenderIosGen.Tests.Cli;
using DefenderIosGen.Runtime.Ingest;
using static DefenderIosGen.Tests.Integration.IngestHarness;

namespace DefenderIosGen.Tests.Integration;

/// <summary>The `ingest` command as a process: authentication, what reaches the logs, and surviving SIGKILL.</summary>
public sealed class IngestProcessTests(AzuriteFixture azurite) : IDisposable
{
    private readonly IngestHarness _harness = new(azurite);

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task Shared_key_from_the_environment_works_and_never_reaches_the_output()
    {
        var container = await _harness.ContainerAsync(NewContainerName());
        await UploadAsync(container, "a.json", Lines("k1", "k2"));
        var run = await RunIngestAsync(new() { ["AZURE_STORAGE_KEY"] = AzuriteFixture.AccountKey }, "--source", azurite.ServiceUrl, "--container", container.Name, "--auth", "shared-key");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(["k1", "k2"], _harness.DeliveredHosts());
        AssertNoSecret(run, AzuriteFixture.AccountKey);
    }

    [Fact]
    public async Task A_wrong_shared_key_fails_with_an_error_that_does_not_show_the_key()
    {
        var container = await _harness.ContainerAsync(NewContainerName());
        await UploadAsync(container, "a.json", Lines("k1"));
        var wrongKey = Convert.ToBase64String(Encoding.UTF8.GetBytes("this is not the account key of devstoreaccount1, at all"));
        var run = await RunIngestAsync(new() { ["AZURE_STORAGE_KEY"] = wrongKey }, "--source", azurite.ServiceUrl, "--container", container.Name, "--auth", "shared-key");

        Assert.Equal(ExitCodes.IoError, run.ExitCode);
        Assert.Contains("ingest failed", run.Stderr, StringComparison.Ordinal);
        AssertNoSecret(run, wrongKey);
    }

    [Fact]
    public async Task A_sas_token_from_a_file_works_and_never_reaches_the_output()
    {
        var container = await _harness.ContainerAsync(NewContainerName());
        await UploadAsync(container, "a.json", Lines("s1"));
        var sas = new AccountSasBuilder(AccountSasPermissions.Read | AccountSasPermissions.List, DateTimeOffset.UtcNow.AddHours(1), AccountSasServices.Blobs, AccountSasResourceTypes.All)
            .ToSasQueryParameters(new StorageSharedKeyCredential(AzuriteFixture.AccountName, AzuriteFixture.AccountKey)).ToString();
        var secretFile = Path.Combine(_harness.Folder, "sas.secret");
        await File.WriteAllTextAsync(secretFile, sas, TestContext.Current.CancellationToken);
        var run = await RunIngestAsync([], "--source", azurite.ServiceUrl + container.Name + "/", "--auth", "sas", "--secret-file", secretFile);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(["s1"], _harness.DeliveredHosts());
        AssertNoSecret(run, sas);
        AssertNoSecret(run, Uri.UnescapeDataString(sas.Split("sig=")[1].Split('&')[0]));
    }

    [Fact]
    public async Task A_process_killed_mid_run_delivers_everything_after_restart_with_at_most_one_batch_again()
    {
        var container = await _harness.ContainerAsync(NewContainerName());
        const int records = 60_000;
        var text = new StringBuilder();
        for (var i = 0; i < records; i++)
        {
            text.Append(Record($"h{i}")).Append("\r\n");
            if (i % 10_000 == 9_999)
            {
                await AppendAsync(container, "PT1H.json", text.ToString());
                text.Clear();
            }
        }

        var arguments = new[] { "--source", azurite.ServiceUrl, "--container", container.Name, "--auth", "connection-string", "--secret-file", _harness.ConnectionStringFile };
        using (var process = StartIngest([], arguments))
        {
            // Kill it once some batches are delivered and before it can finish.
            var deadline = Stopwatch.StartNew();
            while (CountLines(_harness.OutputPath) < 5_000 && deadline.Elapsed < TimeSpan.FromSeconds(60) && !process.HasExited)
            {
                await Task.Delay(20, TestContext.Current.CancellationToken);
            }

            Assert.False(process.HasExited, "the run finished before it could be killed; make the blob larger");
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        }

        var killedAt = CountLines(_harness.OutputPath);
        Assert.InRange(killedAt, 1, records - 1);
        var rerun = await RunIngestAsync([], arguments);
        Assert.Equal(ExitCodes.Success, rerun.ExitCode);

        var hosts = _harness.DeliveredHosts();
        Assert.Equal(Enumerable.Range(0, records).Select(i => $"h{i}").ToHashSet(), hosts.ToHashSet());
        var duplicates = hosts.Count - records;
        Assert.InRange(duplicates, 0, 4096);
    }

    [Fact]
    public async Task Sigterm_finishes_the_batch_in_flight_commits_and_exits_0()
    {
        var container = await _harness.ContainerAsync(NewContainerName());
        await AppendAsync(container, "PT1H.json", Lines("t1", "t2"));
        using var process = StartIngest([], "--source", azurite.ServiceUrl, "--container", container.Name, "--auth", "connection-string", "--secret-file", _harness.ConnectionStringFile, "--follow", "--poll-seconds", "0.2");
        var deadline = Stopwatch.StartNew();
        while (CountLines(_harness.OutputPath) < 2 && deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();
        await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.Equal(ExitCodes.Success, process.ExitCode);
        Assert.Equal(["t1", "t2"], _harness.DeliveredHosts());
        var again = await RunIngestAsync([], "--source", azurite.ServiceUrl, "--container", container.Name, "--auth", "connection-string", "--secret-file", _harness.ConnectionStringFile);
        Assert.Equal(ExitCodes.Success, again.ExitCode);
        Assert.Equal(["t1", "t2"], _harness.DeliveredHosts());
    }

    [Theory]
    [InlineData("--delete", "sometimes", "'deletion' is 'sometimes'")]
    [InlineData("--auth", "password", "'auth' is 'password'")]
    [InlineData("--max-age-days", "0", "'maxFileAgeDays' must be positive")]
    [InlineData("--label", "novalue", "--label 'novalue' is not key=value")]
    public async Task Wrong_options_get_a_message_naming_them(string option, string value, string message)
    {
        var run = await RunIngestAsync([], "--source", _harness.Folder, option, value);
        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains(message, run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_config_file_with_an_unknown_setting_is_refused_by_name()
    {
        var config = Path.Combine(_harness.Folder, "feeds.json");
        await File.WriteAllTextAsync(config, $$"""{ "feeds": [ { "source": "{{_harness.Folder}}", "deleteion": "files" } ] }""", TestContext.Current.CancellationToken);
        var run = await RunIngestAsync([], "--config", config);
        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("unknown setting 'deleteion'; did you mean 'deletion'?", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Several_feeds_from_a_yaml_config_keep_their_own_labels()
    {
        var first = await _harness.ContainerAsync(NewContainerName());
        var second = await _harness.ContainerAsync(NewContainerName());
        await UploadAsync(first, "a.json", Lines("f1"));
        await UploadAsync(second, "a.json", Lines("f2"));
        var config = Path.Combine(_harness.Folder, "feeds.yaml");
        await File.WriteAllTextAsync(config, $"""
            feeds:
              - name: one
                source: {azurite.ServiceUrl}
                containers: [{first.Name}]
                auth: connection-string
                secretFile: {_harness.ConnectionStringFile}
                labels: {"{"} feed: one {"}"}
              - name: two
                source: {azurite.ServiceUrl}
                containers: [{second.Name}]
                auth: connection-string
                secretFile: {_harness.ConnectionStringFile}
                namespace: branch-office
                labels: {"{"} feed: two {"}"}
            """, TestContext.Current.CancellationToken);
        var run = await RunIngestAsync([], "--config", config);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var events = File.ReadAllLines(_harness.OutputPath);
        Assert.Contains(events, e => e.Contains("\"principal\":{\"hostname\":\"f1\"", StringComparison.Ordinal) && e.Contains("{\"key\":\"feed\",\"value\":\"one\"}", StringComparison.Ordinal) && !e.Contains("namespace", StringComparison.Ordinal));
        Assert.Contains(events, e => e.Contains("\"f2\"", StringComparison.Ordinal) && e.Contains("{\"key\":\"feed\",\"value\":\"two\"}", StringComparison.Ordinal) && e.Contains("\"namespace\":\"branch-office\"", StringComparison.Ordinal));
    }

    private static void AssertNoSecret(CliRunner.Outcome run, string secret)
    {
        Assert.DoesNotContain(secret, run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, run.Stderr, StringComparison.Ordinal);
    }

    private static long CountLines(string path)
    {
        if (!File.Exists(path))
        {
            return 0;
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        long lines = 0;
        var buffer = new byte[1 << 16];
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            lines += buffer.AsSpan(0, read).Count((byte)'\n');
        }

        return lines;
    }

    private Task<CliRunner.Outcome> RunIngestAsync(Dictionary<string, string> environment, params string[] arguments) =>
        CliRunner.RunAsync(null, environment, ["ingest", .. arguments, .. CommonArguments()]);

    private Process StartIngest(Dictionary<string, string> environment, params string[] arguments) =>
        CliRunner.Start(environment, ["ingest", .. arguments, .. CommonArguments()]);

    private string[] CommonArguments() =>
        ["--out", _harness.OutputPath, "--checkpoint", _harness.CheckpointPath, "--dead-letter", _harness.DeadLetterPath];
}
