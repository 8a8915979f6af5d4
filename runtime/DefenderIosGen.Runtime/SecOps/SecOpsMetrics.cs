using System.Globalization;

namespace DefenderIosGen.Runtime.SecOps;

/// <summary>Delivery counts for the run summary; updated from several sender tasks.</summary>
public sealed class SecOpsMetrics
{
    private long _requests;
    private long _accepted;
    private long _retried;
    private long _deadLettered;
    private long _bytesSent;
    private long _sentAsGeneric;

    public long Requests => Interlocked.Read(ref _requests);

    public long EventsAccepted => Interlocked.Read(ref _accepted);

    public long Retried => Interlocked.Read(ref _retried);

    public long DeadLettered => Interlocked.Read(ref _deadLettered);

    public long BytesSent => Interlocked.Read(ref _bytesSent);

    public long SentAsGeneric => Interlocked.Read(ref _sentAsGeneric);

    internal void Request(long bytes)
    {
        Interlocked.Increment(ref _requests);
        Interlocked.Add(ref _bytesSent, bytes);
    }

    internal void Accepted(int events) => Interlocked.Add(ref _accepted, events);

    internal void Retry() => Interlocked.Increment(ref _retried);

    internal void DeadLetter() => Interlocked.Increment(ref _deadLettered);

    internal void Generic() => Interlocked.Increment(ref _sentAsGeneric);

    public string Describe(TimeSpan elapsed) => string.Create(
        CultureInfo.InvariantCulture,
        $"secops: {Requests} requests, {EventsAccepted} events accepted ({EventsAccepted / Math.Max(elapsed.TotalSeconds, 1e-6):0} events/s), {Retried} retried, {DeadLettered} dead-lettered, {SentAsGeneric} sent as GENERIC_EVENT, {BytesSent / 1e6:0.0} MB sent");
}
