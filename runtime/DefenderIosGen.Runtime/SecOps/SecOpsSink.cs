using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using DefenderIosGen.Runtime.Sinks;
using Google.Apis.Auth.OAuth2;
using Microsoft.Extensions.Logging;

namespace DefenderIosGen.Runtime.SecOps;

/// <summary>
/// Delivers UDM events to Google SecOps. Events are checked against the requirements of their type,
/// batched by bytes and count, and sent with a bounded number of requests in flight. 429 and 5xx are
/// retried with exponential backoff and jitter, honouring Retry-After. Because one invalid event rejects a
/// whole request, a 400 splits the batch in halves until the bad events stand alone; those are
/// dead-lettered with the API's message and all the others delivered. <see cref="FlushAsync"/> returns once
/// SecOps has accepted (or this sink has dead-lettered) everything written, so a checkpoint may then move.
/// </summary>
public sealed class SecOpsSink : IEventSink
{
    private readonly SecOpsOptions _options;
    private readonly SecOpsEndpoint _endpoint;
    private readonly ITokenAccess _credential;
    private readonly HttpClient _http;
    private readonly DeadLetterWriter _deadLetters;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _inFlight;
    private readonly List<Task> _sends = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private List<(byte[] Event, DeadLetterOrigin Origin)> _batch = [];
    private int _batchBytes;

    public SecOpsSink(SecOpsOptions options, DeadLetterWriter deadLetters, ILogger logger, HttpMessageHandler? handler = null)
    {
        _options = options;
        _endpoint = SecOpsEndpoint.For(options);
        _credential = LoadCredential(options, _endpoint.Scope);
        _http = new HttpClient(handler ?? new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = TimeSpan.FromSeconds(120) };
        _deadLetters = deadLetters;
        _logger = logger;
        _inFlight = new SemaphoreSlim(Math.Max(1, options.MaxRequestsInFlight));
        if (options.Api == SecOpsApi.LegacyBatchCreate)
        {
            logger.LogWarning("udmevents:batchCreate is deprecated and will be switched off on 2027-07-20; prefer events:import (--secops-api import)");
        }
    }

    public SecOpsMetrics Metrics { get; } = new();

    public TimeSpan Elapsed => _clock.Elapsed;

    public void Write(ReadOnlySpan<byte> udmEventJson, in DeadLetterOrigin origin)
    {
        var check = UdmEventCheck.Check(udmEventJson);
        byte[] body;
        if (check.IsValid)
        {
            body = udmEventJson.ToArray();
        }
        else if (_options.SendInvalidAsGeneric && check.EventTypeStart >= 0)
        {
            body = UdmEventCheck.AsGeneric(udmEventJson, check);
            Metrics.Generic();
        }
        else
        {
            _deadLetters.Write(origin, "not sent to SecOps, it would be rejected: " + check.Problem, udmEventJson, udmEventJson.Length);
            Metrics.DeadLetter();
            return;
        }

        var framed = body.Length + _endpoint.EventPrefix.Length + _endpoint.EventSuffix.Length + 1;
        if (_batch.Count > 0 && (_batchBytes + framed > _options.MaxBatchBytes || _batch.Count >= _options.MaxBatchEvents))
        {
            Dispatch();
        }

        _batch.Add((body, origin));
        _batchBytes += framed;
    }

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_batch.Count > 0)
        {
            Dispatch();
        }

        var sends = _sends.ToArray();
        _sends.Clear();
        await Task.WhenAll(sends).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Task.WhenAll(_sends).ConfigureAwait(false);
        }
        finally
        {
            _http.Dispose();
            _inFlight.Dispose();
        }
    }

    private void Dispatch()
    {
        var batch = _batch;
        _batch = [];
        _batchBytes = 0;
        // Bounded in flight: the writer waits here rather than queueing without limit.
        _inFlight.Wait();
        _sends.Add(Task.Run(async () =>
        {
            try
            {
                await SendSplittingAsync(batch, 0, batch.Count).ConfigureAwait(false);
            }
            finally
            {
                _inFlight.Release();
            }
        }));
    }

    /// <summary>Sends events [start, start+count); on a 400, halves the range until each bad event stands alone.</summary>
    private async Task SendSplittingAsync(List<(byte[] Event, DeadLetterOrigin Origin)> batch, int start, int count)
    {
        var (status, message) = await SendWithRetriesAsync(batch, start, count).ConfigureAwait(false);
        if (status is >= 200 and < 300)
        {
            Metrics.Accepted(count);
            return;
        }

        if (status != (int)HttpStatusCode.BadRequest)
        {
            throw new SecOpsDeliveryException($"SecOps answered {status} to {_endpoint.Url.AbsolutePath}: {message}");
        }

        if (count == 1)
        {
            var (body, origin) = batch[start];
            _deadLetters.Write(origin, $"SecOps rejected the event (400): {message}", body, body.Length);
            Metrics.DeadLetter();
            return;
        }

        var half = count / 2;
        await SendSplittingAsync(batch, start, half).ConfigureAwait(false);
        await SendSplittingAsync(batch, start + half, count - half).ConfigureAwait(false);
    }

    private async Task<(int Status, string Message)> SendWithRetriesAsync(List<(byte[] Event, DeadLetterOrigin Origin)> batch, int start, int count)
    {
        var body = Frame(batch, start, count);
        for (var attempt = 0; ; attempt++)
        {
            HttpResponseMessage? response = null;
            string message;
            int status;
            try
            {
                var token = await _credential.GetAccessTokenForRequestAsync(_endpoint.Url.ToString(), CancellationToken.None).ConfigureAwait(false);
                using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint.Url) { Content = new ByteArrayContent(body) };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                Metrics.Request(body.Length);
                response = await _http.SendAsync(request).ConfigureAwait(false);
                status = (int)response.StatusCode;
                message = ErrorMessage(await response.Content.ReadAsStringAsync().ConfigureAwait(false));
            }
            catch (HttpRequestException ex)
            {
                status = 0;
                message = ex.Message;
            }
            catch (TaskCanceledException)
            {
                status = 0;
                message = "request timed out";
            }

            using (response)
            {
                var retryable = status is 0 or 408 or 429 or >= 500;
                if (!retryable || attempt >= _options.MaxRetries)
                {
                    return (status, message);
                }

                Metrics.Retry();
                var delay = RetryDelay(response, attempt);
                _logger.LogWarning("SecOps answered {Status} ({Message}); retrying {Count} events in {Delay:0.0} s", status, message, count, delay.TotalSeconds);
                await Task.Delay(delay).ConfigureAwait(false);
            }
        }
    }

    private TimeSpan RetryDelay(HttpResponseMessage? response, int attempt)
    {
        if (response?.Headers.RetryAfter is { } retryAfter)
        {
            var wait = retryAfter.Delta ?? (retryAfter.Date - DateTimeOffset.UtcNow) ?? TimeSpan.Zero;
            if (wait > TimeSpan.Zero)
            {
                return wait < _options.RetryMaxDelay ? wait : _options.RetryMaxDelay;
            }
        }

        var exponential = _options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, attempt);
        var capped = Math.Min(exponential, _options.RetryMaxDelay.TotalMilliseconds);
        // Full jitter between half and all of the delay, so that many senders do not retry in step.
        return TimeSpan.FromMilliseconds(capped * (0.5 + (Random.Shared.NextDouble() / 2)));
    }

    private byte[] Frame(List<(byte[] Event, DeadLetterOrigin Origin)> batch, int start, int count)
    {
        var size = _endpoint.Prefix.Length + _endpoint.Suffix.Length;
        for (var i = start; i < start + count; i++)
        {
            size += batch[i].Event.Length + _endpoint.EventPrefix.Length + _endpoint.EventSuffix.Length + 1;
        }

        var body = new byte[size - 1 + (count == 0 ? 1 : 0)];
        var at = 0;
        void Put(ReadOnlySpan<byte> bytes)
        {
            bytes.CopyTo(body.AsSpan(at));
            at += bytes.Length;
        }

        Put(_endpoint.Prefix);
        for (var i = start; i < start + count; i++)
        {
            if (i > start)
            {
                Put(","u8);
            }

            Put(_endpoint.EventPrefix);
            Put(batch[i].Event);
            Put(_endpoint.EventSuffix);
        }

        Put(_endpoint.Suffix);
        return body;
    }

    /// <summary>The API's own error message (google.rpc.Status), else the body as it is.</summary>
    private static string ErrorMessage(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.TryGetProperty("error", out var error) && error.TryGetProperty("message", out var message))
            {
                return message.GetString() ?? body;
            }
        }
        catch (JsonException)
        {
        }

        return body.Length > 500 ? body[..500] : body;
    }

    private static ITokenAccess LoadCredential(SecOpsOptions options, string scope)
    {
        var path = options.CredentialsFile ?? Environment.GetEnvironmentVariable("GOOGLE_APPLICATION_CREDENTIALS")
            ?? throw new SecOpsConfigurationException("no service-account key: pass --secops-credentials or set GOOGLE_APPLICATION_CREDENTIALS");
        try
        {
            // The JWT is signed locally and exchanged at the key file's token_uri; tokens are cached and refreshed before expiry.
            var credential = CredentialFactory.FromFile<ServiceAccountCredential>(path);
            return credential.ToGoogleCredential().CreateScoped(scope);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException or ArgumentException or JsonException or Newtonsoft.Json.JsonException)
        {
            // The message never quotes the file's contents: it holds the private key.
            throw new SecOpsConfigurationException($"cannot use the service-account key file '{path}': {ex.GetType().Name}");
        }
    }
}
