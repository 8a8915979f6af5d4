using System.Text;

namespace DefenderIosGen.Runtime.SecOps;

/// <summary>The URL, OAuth scope and request framing of the chosen API.</summary>
public sealed class SecOpsEndpoint
{
    public const string CloudPlatformScope = "https://www.googleapis.com/auth/cloud-platform";
    public const string MalachiteScope = "https://www.googleapis.com/auth/malachite-ingestion";

    private SecOpsEndpoint(Uri url, string scope, byte[] prefix, byte[] eventPrefix, byte[] eventSuffix, byte[] suffix)
    {
        Url = url;
        Scope = scope;
        Prefix = prefix;
        EventPrefix = eventPrefix;
        EventSuffix = eventSuffix;
        Suffix = suffix;
    }

    public Uri Url { get; }

    public string Scope { get; }

    public byte[] Prefix { get; }

    public byte[] EventPrefix { get; }

    public byte[] EventSuffix { get; }

    public byte[] Suffix { get; }

    public static SecOpsEndpoint For(SecOpsOptions options)
    {
        if (options.Api == SecOpsApi.Import)
        {
            if (string.IsNullOrWhiteSpace(options.Project) || string.IsNullOrWhiteSpace(options.Instance))
            {
                throw new SecOpsConfigurationException("events:import needs --secops-project and --secops-instance (and --secops-region / --secops-location)");
            }

            if (options.ApiVersion is not ("v1" or "v1alpha" or "v1beta"))
            {
                throw new SecOpsConfigurationException($"--secops-version is '{options.ApiVersion}'; use v1, v1alpha or v1beta");
            }

            var host = options.Endpoint ?? new Uri($"https://chronicle.{options.Region}.rep.googleapis.com/");
            var path = $"{options.ApiVersion}/projects/{options.Project}/locations/{options.Location}/instances/{options.Instance}/events:import";
            return new SecOpsEndpoint(new Uri(host, path), CloudPlatformScope, "{\"inlineSource\":{\"events\":["u8.ToArray(), "{\"udm\":"u8.ToArray(), "}"u8.ToArray(), "]}}"u8.ToArray());
        }

        if (string.IsNullOrWhiteSpace(options.CustomerId))
        {
            throw new SecOpsConfigurationException("udmevents:batchCreate needs --secops-customer-id");
        }

        var legacyHost = options.Endpoint ?? new Uri(options.Region is "us" or "" ? "https://malachiteingestion-pa.googleapis.com/" : $"https://{options.Region}-malachiteingestion-pa.googleapis.com/");
        var prefix = Encoding.UTF8.GetBytes("{\"customerId\":" + System.Text.Json.JsonSerializer.Serialize(options.CustomerId) + ",\"events\":[");
        return new SecOpsEndpoint(new Uri(legacyHost, "v2/udmevents:batchCreate"), MalachiteScope, prefix, [], [], "]}"u8.ToArray());
    }
}

/// <summary>A SecOps option that cannot work; the message names it.</summary>
public sealed class SecOpsConfigurationException(string message) : Exception(message);

/// <summary>SecOps did not accept a batch even after every retry: nothing is checkpointed, the run fails.</summary>
public sealed class SecOpsDeliveryException(string message) : Exception(message);
