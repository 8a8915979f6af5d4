using Azure;
using Azure.Core;
using Azure.Identity;
using Azure.Storage;
using Azure.Storage.Blobs;

namespace DefenderIosGen.Runtime.Ingest;

/// <summary>Builds the blob store a feed names, with its credentials; secrets come from the environment or a file.</summary>
public static class BlobStoreFactory
{
    public const string KeyVariable = "AZURE_STORAGE_KEY";
    public const string SasVariable = "AZURE_STORAGE_SAS_TOKEN";
    public const string ConnectionStringVariable = "AZURE_STORAGE_CONNECTION_STRING";

    /// <summary>The store and, when the Azure URI named one, its container.</summary>
    public static (IBlobStore Store, string? Container) Create(FeedOptions feed, SecretRedactor redactor)
    {
        if (!Uri.TryCreate(feed.Source, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            if (!Directory.Exists(feed.Source))
            {
                throw new FeedConfigurationException($"source '{feed.Source}' is neither an http(s) storage URL nor an existing folder");
            }

            return (new LocalFolderStore(feed.Source), null);
        }

        // Azurite and other emulators use path-style URLs: http://127.0.0.1:10000/<account>/<container>/
        var pathStyle = uri.IsLoopback || System.Net.IPAddress.TryParse(uri.Host, out _);
        var segments = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var account = pathStyle ? segments.ElementAtOrDefault(0) : uri.Host.Split('.')[0];
        var container = pathStyle ? segments.ElementAtOrDefault(1) : segments.ElementAtOrDefault(0);
        var serviceUri = new Uri(uri.GetLeftPart(UriPartial.Authority) + (pathStyle ? "/" + account : "") + "/");
        var options = ClientOptions();
        var display = serviceUri.ToString();
        var auth = feed.Auth == StorageAuth.Auto ? InferAuth(feed) : feed.Auth;
        BlobServiceClient client;
        switch (auth)
        {
            case StorageAuth.ConnectionString:
                var connectionString = Secret(feed, ConnectionStringVariable, redactor);
                client = new BlobServiceClient(connectionString, options);
                break;
            case StorageAuth.SharedKey:
                var name = feed.AccountName ?? account ?? throw new FeedConfigurationException("shared-key auth needs the account name (--account-name)");
                client = new BlobServiceClient(serviceUri, new StorageSharedKeyCredential(name, Secret(feed, KeyVariable, redactor)), options);
                break;
            case StorageAuth.Sas:
                client = new BlobServiceClient(serviceUri, new AzureSasCredential(Secret(feed, SasVariable, redactor).TrimStart('?')), options);
                break;
            case StorageAuth.Entra:
                client = new BlobServiceClient(serviceUri, new DefaultAzureCredential(), options);
                break;
            default:
                client = new BlobServiceClient(serviceUri, options);
                break;
        }

        return (new AzureBlobStore(client, display), container);
    }

    private static StorageAuth InferAuth(FeedOptions feed) =>
        Environment.GetEnvironmentVariable(ConnectionStringVariable) is { Length: > 0 } ? StorageAuth.ConnectionString
        : Environment.GetEnvironmentVariable(KeyVariable) is { Length: > 0 } ? StorageAuth.SharedKey
        : Environment.GetEnvironmentVariable(SasVariable) is { Length: > 0 } ? StorageAuth.Sas
        : feed.SecretFile is not null ? throw new FeedConfigurationException("--secret-file needs --auth to say what the file holds (shared-key, sas or connection-string)")
        : StorageAuth.Entra;

    private static string Secret(FeedOptions feed, string variable, SecretRedactor redactor)
    {
        string? secret;
        if (feed.SecretFile is not null)
        {
            try
            {
                secret = File.ReadAllText(feed.SecretFile).Trim();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new FeedConfigurationException($"cannot read the secret file '{feed.SecretFile}': {ex.Message}");
            }
        }
        else
        {
            secret = Environment.GetEnvironmentVariable(variable);
        }

        if (string.IsNullOrWhiteSpace(secret))
        {
            throw new FeedConfigurationException($"no secret: set {variable} or pass --secret-file");
        }

        redactor.Add(secret);
        return secret;
    }

    internal static BlobClientOptions ClientOptions()
    {
        var options = new BlobClientOptions();
        // The SDK's exponential backoff with jitter covers 408, 429, 500, 502, 503 and 504, on listing and reads alike.
        options.Retry.Mode = RetryMode.Exponential;
        options.Retry.MaxRetries = 8;
        options.Retry.Delay = TimeSpan.FromSeconds(0.5);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(30);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(100);
        // The SDK's own request logging could carry URLs; this host logs what it needs itself.
        options.Diagnostics.IsLoggingEnabled = false;
        options.Diagnostics.ApplicationId = "DefenderIosGen";
        return options;
    }
}

/// <summary>A feed option or configuration value that cannot work; the message names it.</summary>
public sealed class FeedConfigurationException(string message) : Exception(message);
