using System.CommandLine;
using System.Runtime.InteropServices;
using Azure;
using DefenderIosGen.Runtime.Ingest;
using DefenderIosGen.Runtime.SecOps;
using DefenderIosGen.Runtime.Sinks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace DefenderIosGen.Cli;

/// <summary><c>ingest</c>: the feed. Reads exported blobs from their checkpoints, maps them, delivers them, commits.</summary>
public static class IngestCommand
{
    public static Command Create()
    {
        var source = new Option<string?>("--source") { Description = "account URL, the seed's Azure URI with a container path, or a local folder laid out like the export" };
        var containers = new Option<string[]>("--container") { Description = "a container to read (repeatable; default: the eight seed tables under both namings)", AllowMultipleArgumentsPerToken = true };
        var prefixes = new Option<string[]>("--include-prefix") { Description = "read only blobs whose names start with this (repeatable)" };
        var maxAge = new Option<double?>("--max-age-days") { Description = "only blobs modified in the last N days (default 180)" };
        var deletion = new Option<string?>("--delete") { Description = "source deletion: never (default), files, files-and-directories" };
        var settle = new Option<double?>("--settle-minutes") { Description = "a blob is deleted only once unchanged this long (default 30)" };
        var assetNamespace = new Option<string?>("--namespace") { Description = "asset namespace put on principal and target" };
        var labels = new Option<string[]>("--label") { Description = "ingestion label key=value put on every event (repeatable)" };
        var auth = new Option<string?>("--auth") { Description = "auto (default), shared-key, sas, connection-string, entra or anonymous; secrets come from AZURE_STORAGE_KEY, AZURE_STORAGE_SAS_TOKEN, AZURE_STORAGE_CONNECTION_STRING or --secret-file" };
        var account = new Option<string?>("--account-name") { Description = "storage account name for shared-key auth, when the URL does not carry it" };
        var secretFile = new Option<string?>("--secret-file") { Description = "file holding the key, SAS token or connection string (never pass secrets on the command line)" };
        var feedName = new Option<string?>("--feed-name") { Description = "name under which this feed's checkpoints are kept (default: default)" };
        var config = new Option<string?>("--config") { Description = "JSON or YAML file with several feeds under 'feeds' (instead of the feed options above)" };
        var checkpoint = new Option<string>("--checkpoint") { Description = "SQLite file holding per-blob checkpoints", DefaultValueFactory = _ => "checkpoints.db" };
        var output = new Option<string?>("--out", "-o") { Description = "write UDM events here (NDJSON) instead of stdout" };
        var deadLetter = new Option<string>("--dead-letter") { Description = "file for records that cannot be mapped", DefaultValueFactory = _ => "dead-letters.ndjson" };
        var maxRecordBytes = new Option<int>("--max-record-bytes") { Description = "records larger than this are dead-lettered", DefaultValueFactory = _ => 4 * 1024 * 1024 };
        var follow = new Option<bool>("--follow") { Description = "keep polling; SIGINT/SIGTERM finish the batch in flight, commit and exit 0" };
        var poll = new Option<double>("--poll-seconds") { Description = "seconds between passes with --follow", DefaultValueFactory = _ => 60 };

        var command = new Command("ingest", "Ingest exported Defender blobs (Azure Blob Storage or a local folder) into UDM events")
        {
            source, containers, prefixes, maxAge, deletion, settle, assetNamespace, labels, auth, account, secretFile, feedName,
            config, checkpoint, output, deadLetter, maxRecordBytes, follow, poll,
        };
        var sinkOptions = new SinkOptions();
        sinkOptions.AddTo(command);
        command.SetAction(async (parse, _) =>
        {
            List<FeedOptions> feeds;
            try
            {
                var feedOptions = new Option[] { source, containers, prefixes, maxAge, deletion, settle, assetNamespace, labels, auth, account, secretFile, feedName };
                var configPath = parse.GetValue(config);
                if (configPath is not null)
                {
                    if (feedOptions.FirstOrDefault(o => parse.GetResult(o) is { Implicit: false }) is { } clash)
                    {
                        throw new FeedConfigurationException($"{clash.Name} cannot be combined with --config: put it in the config file");
                    }

                    feeds = LoadConfig(configPath);
                }
                else
                {
                    var feed = new FeedConfig
                    {
                        Name = parse.GetValue(feedName),
                        Source = parse.GetValue(source) ?? throw new FeedConfigurationException("--source is required (or --config)"),
                        Containers = [.. parse.GetValue(containers) ?? []],
                        IncludePrefixes = [.. parse.GetValue(prefixes) ?? []],
                        MaxFileAgeDays = parse.GetValue(maxAge),
                        Deletion = parse.GetValue(deletion),
                        SettleMinutes = parse.GetValue(settle),
                        Namespace = parse.GetValue(assetNamespace),
                        Labels = ParseLabels(parse.GetValue(labels) ?? []),
                        Auth = parse.GetValue(auth),
                        AccountName = parse.GetValue(account),
                        SecretFile = parse.GetValue(secretFile),
                    };
                    feeds = [feed.ToOptions("options")];
                }
            }
            catch (FeedConfigurationException ex)
            {
                await Console.Error.WriteLineAsync($"ingest: {ex.Message}");
                return ExitCodes.Usage;
            }

            return await RunAsync(
                parse, sinkOptions, feeds, parse.GetValue(checkpoint)!, parse.GetValue(output), parse.GetValue(deadLetter)!, parse.GetValue(maxRecordBytes),
                parse.GetValue(follow), TimeSpan.FromSeconds(Math.Max(0.1, parse.GetValue(poll))));
        });
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, SinkOptions sinkOptions, List<FeedOptions> feeds, string checkpointPath, string? output, string deadLetterPath, int maxRecordBytes, bool follow, TimeSpan poll)
    {
        using var stopping = new CancellationTokenSource();
        // SIGINT/SIGTERM ask for a stop: the batch in flight is delivered and committed, then the run ends with 0.
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        var redactor = new SecretRedactor();
        using var loggers = SinkOptions.StderrLoggers();
        var logger = loggers.CreateLogger("ingest");
        try
        {
            using var checkpoints = new CheckpointStore(checkpointPath);
            await using var deadLetters = new DeadLetterWriter(deadLetterPath);
            var secops = sinkOptions.ToSecOps(parse) ? sinkOptions.CreateSecOpsSink(parse, deadLetters, loggers.CreateLogger("secops")) : null;
            await using IEventSink sink = (IEventSink?)secops ?? (output is null ? NdjsonSink.ToStream(Console.OpenStandardOutput()) : NdjsonSink.ToFile(output, append: true));
            var runners = new List<IngestRunner>();
            foreach (var feed in feeds)
            {
                var (store, container) = BlobStoreFactory.Create(feed, redactor);
                var names = container is not null && feed.Containers.SequenceEqual(new FeedOptions { Source = "x" }.Containers) ? [container] : feed.Containers;
                logger.LogInformation("feed {Feed}: {Store}, containers {Containers}", feed.Name, store.DisplayName, string.Join(", ", names));
                runners.Add(new IngestRunner(store, checkpoints, sink, deadLetters, feed, names, maxRecordBytes, logger, TimeProvider.System));
            }

            var view = new ProgressView(runners);
            using var progress = Console.IsErrorRedirected ? null : new Timer(_ => view.Show(), null, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2));
            do
            {
                foreach (var runner in runners)
                {
                    if (!await runner.RunPassAsync(stopping.Token))
                    {
                        break;
                    }
                }

                if (!follow || stopping.IsCancellationRequested)
                {
                    break;
                }

                try
                {
                    await Task.Delay(poll, stopping.Token);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
            while (true);

            var deadLettered = 0L;
            foreach (var (runner, feed) in runners.Zip(feeds))
            {
                await Console.Error.WriteLineAsync($"feed {feed.Name}: " + runner.Summary.Describe(DateTimeOffset.UtcNow));
                deadLettered += runner.Summary.Records.DeadLettered;
            }

            if (secops is not null)
            {
                await Console.Error.WriteLineAsync("  " + secops.Metrics.Describe(secops.Elapsed));
                deadLettered += secops.Metrics.DeadLettered;
            }

            if (deadLettered > 0)
            {
                await Console.Error.WriteLineAsync($"  dead letters: {deadLetters.Path}");
                return ExitCodes.DeadLettered;
            }

            return ExitCodes.Success;
        }
        catch (Exception ex) when (ex is FeedConfigurationException or SecOpsConfigurationException)
        {
            await Console.Error.WriteLineAsync($"ingest: {redactor.Redact(ex.Message)}");
            return ExitCodes.Usage;
        }
        catch (Exception ex) when (ex is SecOpsDeliveryException or Google.Apis.Auth.OAuth2.Responses.TokenResponseException or HttpRequestException or RequestFailedException or IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException or Azure.Identity.AuthenticationFailedException)
        {
            logger.LogError("ingest failed: {Error}", redactor.Redact(ex.Message));
            return ExitCodes.IoError;
        }

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stopping.Cancel();
        }
    }

    private static List<FeedOptions> LoadConfig(string path)
    {
        if (!File.Exists(path))
        {
            throw new FeedConfigurationException($"config file '{path}' does not exist");
        }

        var builder = new ConfigurationBuilder();
        var full = Path.GetFullPath(path);
        if (path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
        {
            builder.AddYamlFile(full, optional: false);
        }
        else
        {
            builder.AddJsonFile(full, optional: false);
        }

        IConfiguration configuration;
        List<FeedConfig>? feeds;
        try
        {
            configuration = builder.Build();
            CheckKeys(configuration.GetSection("feeds"), path);
            feeds = configuration.GetSection("feeds").Get<List<FeedConfig>>();
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException or InvalidDataException or System.Text.Json.JsonException)
        {
            throw new FeedConfigurationException($"config file '{path}': {ex.Message}");
        }

        if (feeds is null || feeds.Count == 0)
        {
            throw new FeedConfigurationException($"config file '{path}' has no feeds (expected a list under 'feeds')");
        }

        var unknown = configuration.GetChildren().Select(c => c.Key).Where(k => k != "feeds").ToList();
        if (unknown.Count > 0)
        {
            throw new FeedConfigurationException($"config file '{path}': unknown setting '{unknown[0]}' (only 'feeds' is read)");
        }

        var options = feeds.Select((feed, i) => feed.ToOptions($"config file '{path}', feeds[{i}]")).ToList();
        if (options.GroupBy(f => f.Name).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
        {
            throw new FeedConfigurationException($"config file '{path}': two feeds are named '{duplicate.Key}'; names keep their checkpoints apart");
        }

        return options;
    }

    /// <summary>A misspelt setting would otherwise be silently ignored: name it, with the closest known one.</summary>
    private static void CheckKeys(IConfigurationSection feeds, string path)
    {
        var known = typeof(FeedConfig).GetProperties().Select(p => p.Name).ToList();
        foreach (var feed in feeds.GetChildren())
        {
            foreach (var setting in feed.GetChildren())
            {
                if (!known.Contains(setting.Key, StringComparer.OrdinalIgnoreCase))
                {
                    var camelCase = known.Select(k => char.ToLowerInvariant(k[0]) + k[1..]);
                    throw new FeedConfigurationException($"config file '{path}', feeds[{feed.Key}]: unknown setting '{setting.Key}'{DefenderIosGen.Generator.Validation.Suggestions.DidYouMean(setting.Key, camelCase)}");
                }
            }
        }
    }

    private static Dictionary<string, string> ParseLabels(string[] labels)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var label in labels)
        {
            var equals = label.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new FeedConfigurationException($"--label '{label}' is not key=value");
            }

            result[label[..equals]] = label[(equals + 1)..];
        }

        return result;
    }
}
