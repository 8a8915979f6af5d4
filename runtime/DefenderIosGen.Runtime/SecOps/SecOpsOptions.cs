namespace DefenderIosGen.Runtime.SecOps;

/// <summary>Which ingestion API receives the events.</summary>
public enum SecOpsApi
{
    /// <summary>Chronicle API <c>events:import</c> (current).</summary>
    Import,

    /// <summary>Legacy Ingestion API <c>udmevents:batchCreate</c> (deprecated, switched off on 2027-07-20).</summary>
    LegacyBatchCreate,
}

/// <summary>Where and how to deliver to Google SecOps; defaults are the safe ones the API documentation suggests.</summary>
public sealed record SecOpsOptions
{
    public SecOpsApi Api { get; init; } = SecOpsApi.Import;

    /// <summary>v1, or v1alpha / v1beta.</summary>
    public string ApiVersion { get; init; } = "v1";

    /// <summary>Chronicle region (us, eu, europe-west2, ...); for the legacy API, the host prefix region.</summary>
    public string Region { get; init; } = "us";

    public string? Project { get; init; }

    public string Location { get; init; } = "us";

    /// <summary>The SecOps instance (customer id) for events:import.</summary>
    public string? Instance { get; init; }

    /// <summary>The customer id for the legacy API.</summary>
    public string? CustomerId { get; init; }

    /// <summary>A base URL replacing Google's host (a proxy, or the test stand-in).</summary>
    public Uri? Endpoint { get; init; }

    /// <summary>The service-account key file; GOOGLE_APPLICATION_CREDENTIALS when not given.</summary>
    public string? CredentialsFile { get; init; }

    public int MaxBatchBytes { get; init; } = 1_000_000;

    public int MaxBatchEvents { get; init; } = 1_000;

    public int MaxRequestsInFlight { get; init; } = 2;

    public int MaxRetries { get; init; } = 10;

    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromSeconds(0.5);

    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Send an event that UDM would reject for its type as GENERIC_EVENT instead of dead-lettering it.</summary>
    public bool SendInvalidAsGeneric { get; init; }
}
