using System.Globalization;

namespace DefenderIosGen.Runtime.Ingest;

/// <summary>
/// A feed as written in a config file (JSON or YAML, under "feeds") or assembled from command-line options;
/// <see cref="ToOptions"/> checks every value and names the one that is wrong.
/// </summary>
public sealed class FeedConfig
{
    public string? Name { get; set; }

    public string? Source { get; set; }

    public List<string> Containers { get; set; } = [];

    public List<string> IncludePrefixes { get; set; } = [];

    public double? MaxFileAgeDays { get; set; }

    public string? Deletion { get; set; }

    public double? SettleMinutes { get; set; }

    public string? Namespace { get; set; }

    public Dictionary<string, string> Labels { get; set; } = [];

    public string? Auth { get; set; }

    public string? AccountName { get; set; }

    public string? SecretFile { get; set; }

    public FeedOptions ToOptions(string where)
    {
        if (string.IsNullOrWhiteSpace(Source))
        {
            throw new FeedConfigurationException($"{where}: 'source' is required (an account URL, the Azure URI with a container, or a local folder)");
        }

        var defaults = new FeedOptions { Source = Source };
        return defaults with
        {
            Name = string.IsNullOrWhiteSpace(Name) ? "default" : Name,
            Containers = Containers.Count > 0 ? Containers : defaults.Containers,
            IncludePrefixes = IncludePrefixes,
            MaxFileAge = MaxFileAgeDays is { } days
                ? days > 0 ? TimeSpan.FromDays(days) : throw new FeedConfigurationException($"{where}: 'maxFileAgeDays' must be positive, not {days.ToString(CultureInfo.InvariantCulture)}")
                : defaults.MaxFileAge,
            Deletion = Deletion?.ToLowerInvariant() switch
            {
                null or "never" => SourceDeletion.Never,
                "files" or "delete-transferred-files" => SourceDeletion.Files,
                "files-and-directories" or "delete-transferred-files-and-empty-directories" => SourceDeletion.FilesAndDirectories,
                _ => throw new FeedConfigurationException($"{where}: 'deletion' is '{Deletion}'; use never, files or files-and-directories"),
            },
            SettlePeriod = SettleMinutes is { } minutes
                ? minutes >= 0 ? TimeSpan.FromMinutes(minutes) : throw new FeedConfigurationException($"{where}: 'settleMinutes' must not be negative")
                : defaults.SettlePeriod,
            AssetNamespace = Namespace,
            IngestionLabels = [.. Labels],
            Auth = Auth?.ToLowerInvariant() switch
            {
                null or "auto" => StorageAuth.Auto,
                "shared-key" => StorageAuth.SharedKey,
                "sas" => StorageAuth.Sas,
                "connection-string" => StorageAuth.ConnectionString,
                "entra" => StorageAuth.Entra,
                "anonymous" => StorageAuth.Anonymous,
                _ => throw new FeedConfigurationException($"{where}: 'auth' is '{Auth}'; use auto, shared-key, sas, connection-string, entra or anonymous"),
            },
            AccountName = AccountName,
            SecretFile = SecretFile,
        };
    }
}
