namespace DefenderIosGen.Runtime.Ingest;

/// <summary>The seed feed's "Source deletion option".</summary>
public enum SourceDeletion
{
    Never,
    Files,
    FilesAndDirectories,
}

/// <summary>How the feed authenticates to Azure; Auto picks from the secrets present in the environment.</summary>
public enum StorageAuth
{
    Auto,
    SharedKey,
    Sas,
    ConnectionString,
    Entra,
    Anonymous,
}

/// <summary>One feed: where to read, what to read, what to do with the source, and how to label the events.</summary>
public sealed record FeedOptions
{
    /// <summary>The eight tables the seed exports, each under both container namings.</summary>
    public static readonly IReadOnlyList<string> DefaultTables =
    [
        "deviceevents", "deviceinfo", "devicelogonevents", "devicenetworkevents",
        "deviceprocessevents", "devicefileevents", "alertinfo", "alertevidence",
    ];

    public string Name { get; init; } = "default";

    /// <summary>An account URL, the seed's Azure URI with a container path, or a local folder.</summary>
    public required string Source { get; init; }

    public IReadOnlyList<string> Containers { get; init; } = [.. DefaultTables.SelectMany(t => new[] { t, "insights-logs-advancedhunting-" + t })];

    public IReadOnlyList<string> IncludePrefixes { get; init; } = [];

    public TimeSpan MaxFileAge { get; init; } = TimeSpan.FromDays(180);

    public SourceDeletion Deletion { get; init; } = SourceDeletion.Never;

    /// <summary>A blob is deleted only after it has not changed for this long, so one still being appended to is kept.</summary>
    public TimeSpan SettlePeriod { get; init; } = TimeSpan.FromMinutes(30);

    public string? AssetNamespace { get; init; }

    public IReadOnlyList<KeyValuePair<string, string>> IngestionLabels { get; init; } = [];

    public StorageAuth Auth { get; init; } = StorageAuth.Auto;

    /// <summary>For shared-key auth when the URL does not say it (Azurite's path-style URLs do).</summary>
    public string? AccountName { get; init; }

    /// <summary>A file holding the secret (key, SAS token or connection string) instead of an environment variable.</summary>
    public string? SecretFile { get; init; }
}
