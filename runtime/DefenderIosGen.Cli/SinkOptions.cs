using System.CommandLine;
using DefenderIosGen.Runtime.SecOps;
using DefenderIosGen.Runtime.Sinks;
using Microsoft.Extensions.Logging;

namespace DefenderIosGen.Cli;

/// <summary>Where `map` and `ingest` deliver: NDJSON (a file or stdout) or Google SecOps, with the SecOps options.</summary>
internal sealed class SinkOptions
{
    private readonly Option<string> _to = new("--to") { Description = "ndjson (default: --out or stdout) or secops", DefaultValueFactory = _ => "ndjson" };
    private readonly Option<string?> _api = new("--secops-api") { Description = "import (Chronicle API events:import, default) or legacy (udmevents:batchCreate, deprecated)" };
    private readonly Option<string?> _version = new("--secops-version") { Description = "v1 (default), v1alpha or v1beta" };
    private readonly Option<string?> _region = new("--secops-region") { Description = "SecOps region, e.g. us, eu, europe-west2 (default us)" };
    private readonly Option<string?> _project = new("--secops-project") { Description = "Google Cloud project of the SecOps instance" };
    private readonly Option<string?> _location = new("--secops-location") { Description = "location of the SecOps instance (default us)" };
    private readonly Option<string?> _instance = new("--secops-instance") { Description = "SecOps instance (customer) id, for events:import" };
    private readonly Option<string?> _customer = new("--secops-customer-id") { Description = "customer id, for the legacy API" };
    private readonly Option<string?> _endpoint = new("--secops-endpoint") { Description = "base URL replacing Google's host (a proxy)" };
    private readonly Option<string?> _credentials = new("--secops-credentials") { Description = "service-account key file (default: GOOGLE_APPLICATION_CREDENTIALS)" };
    private readonly Option<int> _batchBytes = new("--secops-batch-bytes") { Description = "largest request body", DefaultValueFactory = _ => 1_000_000 };
    private readonly Option<int> _batchEvents = new("--secops-batch-events") { Description = "most events per request", DefaultValueFactory = _ => 1_000 };
    private readonly Option<int> _inFlight = new("--secops-in-flight") { Description = "requests in flight at once", DefaultValueFactory = _ => 2 };
    private readonly Option<bool> _generic = new("--secops-invalid-as-generic") { Description = "send events that their type's UDM requirements would reject as GENERIC_EVENT instead of dead-lettering them" };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { _to, _api, _version, _region, _project, _location, _instance, _customer, _endpoint, _credentials, _batchBytes, _batchEvents, _inFlight, _generic })
        {
            command.Options.Add(option);
        }
    }

    public bool ToSecOps(ParseResult parse) => parse.GetValue(_to) switch
    {
        "secops" => true,
        "ndjson" => false,
        var other => throw new SecOpsConfigurationException($"--to is '{other}'; use ndjson or secops"),
    };

    public SecOpsSink CreateSecOpsSink(ParseResult parse, DeadLetterWriter deadLetters, ILogger logger)
    {
        var options = new SecOpsOptions
        {
            Api = parse.GetValue(_api) switch
            {
                null or "import" => SecOpsApi.Import,
                "legacy" => SecOpsApi.LegacyBatchCreate,
                var other => throw new SecOpsConfigurationException($"--secops-api is '{other}'; use import or legacy"),
            },
            ApiVersion = parse.GetValue(_version) ?? "v1",
            Region = parse.GetValue(_region) ?? "us",
            Project = parse.GetValue(_project),
            Location = parse.GetValue(_location) ?? "us",
            Instance = parse.GetValue(_instance),
            CustomerId = parse.GetValue(_customer),
            Endpoint = parse.GetValue(_endpoint) is { } url ? new Uri(url.EndsWith('/') ? url : url + "/") : null,
            CredentialsFile = parse.GetValue(_credentials),
            MaxBatchBytes = Positive(parse.GetValue(_batchBytes), "--secops-batch-bytes"),
            MaxBatchEvents = Positive(parse.GetValue(_batchEvents), "--secops-batch-events"),
            MaxRequestsInFlight = Positive(parse.GetValue(_inFlight), "--secops-in-flight"),
            SendInvalidAsGeneric = parse.GetValue(_generic),
        };
        return new SecOpsSink(options, deadLetters, logger);
    }

    public static ILoggerFactory StderrLoggers() => LoggerFactory.Create(builder =>
    {
        if (Console.IsErrorRedirected)
        {
            builder.AddJsonConsole(o => o.IncludeScopes = false);
        }
        else
        {
            builder.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; });
        }

        builder.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
    });

    private static int Positive(int value, string name) =>
        value > 0 ? value : throw new SecOpsConfigurationException($"{name} must be positive");
}
