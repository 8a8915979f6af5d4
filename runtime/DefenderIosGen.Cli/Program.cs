using System.CommandLine;
using DefenderIosGen.Cli;

var root = new RootCommand("DefenderIosGen: Microsoft Defender for Endpoint exports to Google SecOps UDM events")
{
    MapCommand.Create(),
    IngestCommand.Create(),
};

var parse = root.Parse(args);
if (parse.Errors.Count > 0)
{
    foreach (var error in parse.Errors)
    {
        Console.Error.WriteLine($"error: {error.Message}");
    }

    Console.Error.WriteLine("Run with --help for usage.");
    return ExitCodes.Usage;
}

// ingest handles SIGINT/SIGTERM itself, so that it can finish the batch in flight before exiting.
return await parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
