using System.CommandLine;
using DefenderIosGen.Runtime.Pipeline;
using DefenderIosGen.Runtime.SecOps;
using DefenderIosGen.Runtime.Sinks;

namespace DefenderIosGen.Cli;

/// <summary><c>map PATH...</c>: Defender records from files, folders or stdin to NDJSON UDM events.</summary>
public static class MapCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("PATH")
        {
            Description = "JSON Lines files, {\"records\":[...]} documents, folders (every *.json/*.jsonl below, in path order), or - for stdin",
            Arity = ArgumentArity.OneOrMore,
        };
        paths.Validators.Add(result =>
        {
            // An unknown --option would otherwise be taken for a path.
            foreach (var value in result.Tokens.Select(t => t.Value).Where(v => v.StartsWith('-') && v != "-"))
            {
                result.AddError($"unknown option '{value}'");
            }
        });
        var output = new Option<string?>("--out", "-o") { Description = "write UDM events here (NDJSON) instead of stdout" };
        var deadLetter = new Option<string>("--dead-letter")
        {
            Description = "file for records that cannot be mapped (created only when needed)",
            DefaultValueFactory = _ => "dead-letters.ndjson",
        };
        var maxRecordBytes = new Option<int>("--max-record-bytes")
        {
            Description = "records larger than this are dead-lettered instead of mapped",
            DefaultValueFactory = _ => 4 * 1024 * 1024,
        };
        maxRecordBytes.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() <= 0)
            {
                result.AddError("--max-record-bytes must be a positive number of bytes");
            }
        });

        var workers = new Option<int>("--workers")
        {
            Description = "mapping threads (output order is kept whatever the number)",
            DefaultValueFactory = _ => Environment.ProcessorCount,
        };
        workers.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 256)
            {
                result.AddError("--workers must be between 1 and 256");
            }
        });

        var command = new Command("map", "Map Defender export records to Google SecOps UDM events (NDJSON, or sent to SecOps)")
        {
            paths, output, deadLetter, maxRecordBytes, workers,
        };
        var sinkOptions = new SinkOptions();
        sinkOptions.AddTo(command);
        command.SetAction((parse, cancellation) => RunAsync(
            parse, sinkOptions, parse.GetValue(paths)!, parse.GetValue(output), parse.GetValue(deadLetter)!, parse.GetValue(maxRecordBytes), parse.GetValue(workers), cancellation));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, SinkOptions sinkOptions, string[] paths, string? output, string deadLetterPath, int maxRecordBytes, int workers, CancellationToken cancellation)
    {
        var inputs = InputPaths.Expand(paths, out var error);
        if (error is not null)
        {
            await Console.Error.WriteLineAsync($"map: {error}");
            return ExitCodes.Usage;
        }

        using var loggers = SinkOptions.StderrLoggers();
        try
        {
            await using var deadLetters = new DeadLetterWriter(deadLetterPath);
            var secops = sinkOptions.ToSecOps(parse) ? sinkOptions.CreateSecOpsSink(parse, deadLetters, loggers.CreateLogger("secops")) : null;
            await using IEventSink sink = (IEventSink?)secops ?? (output is null ? NdjsonSink.ToStream(Console.OpenStandardOutput()) : NdjsonSink.ToFile(output));
            var pipeline = new MapPipeline(sink, deadLetters, maxRecordBytes, workers);
            var sources = inputs.Select(input => (input.Name, (Func<Stream>)(() => input.IsStdin
                    ? Console.OpenStandardInput()
                    : new FileStream(input.Name, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16, FileOptions.SequentialScan))))
                .ToList();
            await pipeline.RunAsync(sources, cancellation);

            await sink.FlushAsync(cancellation);
            await deadLetters.FlushAsync(cancellation);
            var summary = pipeline.Summary;
            await Console.Error.WriteLineAsync(summary.Describe("map"));
            if (secops is not null)
            {
                await Console.Error.WriteLineAsync("  " + secops.Metrics.Describe(secops.Elapsed));
            }

            if (summary.DeadLettered > 0 || secops?.Metrics.DeadLettered > 0)
            {
                await Console.Error.WriteLineAsync($"  dead letters: {deadLetters.Path}");
                return ExitCodes.DeadLettered;
            }

            return ExitCodes.Success;
        }
        catch (SecOpsConfigurationException ex)
        {
            await Console.Error.WriteLineAsync($"map: {ex.Message}");
            return ExitCodes.Usage;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or SecOpsDeliveryException or Google.Apis.Auth.OAuth2.Responses.TokenResponseException or HttpRequestException)
        {
            await Console.Error.WriteLineAsync($"map: {ex.Message}");
            return ExitCodes.IoError;
        }
    }
}
