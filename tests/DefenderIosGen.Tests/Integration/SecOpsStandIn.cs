using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DefenderIosGen.Tests.Integration;

/// <summary>
/// A local stand-in for Google's token endpoint and both SecOps ingestion APIs, on 127.0.0.1. The token
/// endpoint verifies the service account's JWT (RS256 signature against the test key pair; issuer, scope,
/// audience, expiry) before issuing a bearer token; the ingestion endpoints check that token and the
/// request shape of each API, and reject a whole request when one event is invalid, as the real API does.
/// Failures (status codes with Retry-After, outages) can be scripted.
/// </summary>
public sealed class SecOpsStandIn : IAsyncDisposable
{
    public const string ClientEmail = "defender-ingest@test-project.iam.gserviceaccount.com";
    public const string Project = "test-project";
    public const string Location = "us";
    public const string Instance = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";
    public const string CustomerId = "c0ffee00-1111-2222-3333-444455556666";
    public const string RejectedHost = "reject-me";

    private readonly HttpListener _listener = new();
    private readonly RSA _key = RSA.Create(2048);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _tokens = new();
    private readonly Task _loop;
    private int _tokenCount;

    public SecOpsStandIn()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        _listener.Prefixes.Add(BaseUrl);
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public string BaseUrl => $"http://127.0.0.1:{Port}/";

    public string TokenUri => BaseUrl + "token";

    public string ExpectedScope { get; set; } = "https://www.googleapis.com/auth/cloud-platform";

    /// <summary>The audience Google's token server requires, which Google.Apis.Auth signs into every assertion.</summary>
    public string ExpectedAudience { get; set; } = "https://oauth2.googleapis.com/token";

    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Answers to give before behaving normally: status and optional Retry-After seconds.</summary>
    public ConcurrentQueue<(int Status, int? RetryAfterSeconds)> ScriptedFailures { get; } = new();

    /// <summary>Until then every ingestion request gets 503.</summary>
    public DateTimeOffset OutageUntil { get; set; }

    public ConcurrentQueue<string> AcceptedEvents { get; } = new();

    public ConcurrentQueue<(DateTimeOffset At, int Status, int Events, string Token)> Requests { get; } = new();

    public int TokenRequests => _tokenCount;

    public ConcurrentQueue<string> TokenErrors { get; } = new();

    public string WriteKeyFile(string folder)
    {
        var path = Path.Combine(folder, "service-account.json");
        var key = new JsonObject
        {
            ["type"] = "service_account",
            ["project_id"] = Project,
            ["private_key_id"] = "test-key-1",
            ["private_key"] = _key.ExportPkcs8PrivateKeyPem(),
            ["client_email"] = ClientEmail,
            ["client_id"] = "1234567890",
            ["token_uri"] = TokenUri,
        };
        File.WriteAllText(path, key.ToJsonString());
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            await _loop;
        }
        catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
        {
        }

        _key.Dispose();
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var path = context.Request.Url!.AbsolutePath;
        try
        {
            if (path == "/token")
            {
                await TokenAsync(context, body);
            }
            else if (path == $"/v1/projects/{Project}/locations/{Location}/instances/{Instance}/events:import")
            {
                await IngestAsync(context, body, legacy: false);
            }
            else if (path == "/v2/udmevents:batchCreate")
            {
                await IngestAsync(context, body, legacy: true);
            }
            else
            {
                await RespondAsync(context, 404, Error(404, "no such endpoint " + path));
            }
        }
        catch (Exception ex)
        {
            await RespondAsync(context, 500, Error(500, ex.GetType().Name + ": " + ex.Message));
        }
    }

    private async Task TokenAsync(HttpListenerContext context, string body)
    {
        Interlocked.Increment(ref _tokenCount);
        var form = System.Web.HttpUtility.ParseQueryString(body);
        var problem = form["grant_type"] != "urn:ietf:params:oauth:grant-type:jwt-bearer" ? "wrong grant_type" : VerifyJwt(form["assertion"]);
        if (problem is not null)
        {
            TokenErrors.Enqueue(problem);
            await RespondAsync(context, 400, $"{{\"error\":\"invalid_grant\",\"error_description\":\"{problem}\"}}");
            return;
        }

        var token = "tok-" + Guid.NewGuid().ToString("N");
        _tokens[token] = DateTimeOffset.UtcNow + TokenLifetime;
        await RespondAsync(context, 200, $"{{\"access_token\":\"{token}\",\"expires_in\":{(int)TokenLifetime.TotalSeconds},\"token_type\":\"Bearer\"}}");
    }

    private string? VerifyJwt(string? assertion)
    {
        var parts = assertion?.Split('.');
        if (parts is not { Length: 3 })
        {
            return "assertion is not a JWT";
        }

        var header = JsonNode.Parse(Base64Url.DecodeFromChars(parts[0]))!;
        if ((string?)header["alg"] != "RS256")
        {
            return "alg is not RS256";
        }

        if (!_key.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), Base64Url.DecodeFromChars(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))
        {
            return "signature does not verify against the service account's key";
        }

        var claims = JsonNode.Parse(Base64Url.DecodeFromChars(parts[1]))!;
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        return (string?)claims["iss"] != ClientEmail ? "wrong issuer"
            : (string?)claims["scope"] != ExpectedScope ? $"wrong scope {(string?)claims["scope"]}"
            : (string?)claims["aud"] != ExpectedAudience ? $"wrong audience {(string?)claims["aud"]}"
            : (long?)claims["exp"] is not { } exp || exp < now ? "expired"
            : (long?)claims["iat"] is not { } iat || iat > now + 60 || exp - iat > 3600 ? "bad iat"
            : null;
    }

    private async Task IngestAsync(HttpListenerContext context, string body, bool legacy)
    {
        var authorization = context.Request.Headers["Authorization"] ?? "";
        var token = authorization.StartsWith("Bearer ", StringComparison.Ordinal) ? authorization[7..] : "";
        if (!_tokens.TryGetValue(token, out var expiry) || expiry < DateTimeOffset.UtcNow)
        {
            Requests.Enqueue((DateTimeOffset.UtcNow, 401, 0, token));
            await RespondAsync(context, 401, Error(401, "Request had invalid authentication credentials."));
            return;
        }

        var events = ParseEvents(body, legacy, out var shapeError);
        if (shapeError is not null)
        {
            Requests.Enqueue((DateTimeOffset.UtcNow, 400, 0, token));
            await RespondAsync(context, 400, Error(400, shapeError));
            return;
        }

        if (DateTimeOffset.UtcNow < OutageUntil)
        {
            Requests.Enqueue((DateTimeOffset.UtcNow, 503, events.Count, token));
            await RespondAsync(context, 503, Error(503, "The service is currently unavailable."));
            return;
        }

        if (ScriptedFailures.TryDequeue(out var failure))
        {
            Requests.Enqueue((DateTimeOffset.UtcNow, failure.Status, events.Count, token));
            if (failure.RetryAfterSeconds is { } seconds)
            {
                context.Response.Headers["Retry-After"] = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            await RespondAsync(context, failure.Status, Error(failure.Status, "scripted failure"));
            return;
        }

        var invalid = events.FindIndex(e => e["principal"]?["hostname"]?.GetValue<string>() == RejectedHost);
        if (invalid >= 0)
        {
            Requests.Enqueue((DateTimeOffset.UtcNow, 400, events.Count, token));
            await RespondAsync(context, 400, Error(400, $"Invalid event at index {invalid}: principal.hostname '{RejectedHost}' is not allowed"));
            return;
        }

        foreach (var udm in events)
        {
            AcceptedEvents.Enqueue(udm.ToJsonString());
        }

        Requests.Enqueue((DateTimeOffset.UtcNow, 200, events.Count, token));
        await RespondAsync(context, 200, "{}");
    }

    private static List<JsonNode> ParseEvents(string body, bool legacy, out string? error)
    {
        error = null;
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(body);
        }
        catch (JsonException ex)
        {
            error = "body is not JSON: " + ex.Message;
            return [];
        }

        if (legacy)
        {
            if ((string?)root?["customerId"] != CustomerId || root["events"] is not JsonArray legacyEvents || legacyEvents.Any(e => e is not JsonObject { Count: > 0 }))
            {
                error = "batchCreate expects {\"customerId\": ..., \"events\": [UDM, ...]}";
                return [];
            }

            return [.. legacyEvents.Select(e => e!)];
        }

        if (root?["inlineSource"]?["events"] is not JsonArray events || events.Any(e => e?["udm"] is not JsonObject))
        {
            error = "events:import expects {\"inlineSource\": {\"events\": [{\"udm\": ...}]}}";
            return [];
        }

        return [.. events.Select(e => e!["udm"]!)];
    }

    private static string Error(int code, string message) =>
        new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message, ["status"] = code == 400 ? "INVALID_ARGUMENT" : "UNAVAILABLE" } }.ToJsonString();

    private static async Task RespondAsync(HttpListenerContext context, int status, string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength64 = bytes.Length;
        await context.Response.OutputStream.WriteAsync(bytes);
        context.Response.Close();
    }
}
