namespace DefenderIosGen.Runtime.Sinks;

/// <summary>
/// Where mapped UDM events go. Write may buffer; <see cref="FlushAsync"/> returns only once everything
/// written so far is durably accepted (on disk, or acknowledged by the remote API), which is the moment a
/// checkpoint may advance.
/// </summary>
public interface IEventSink : IAsyncDisposable
{
    /// <summary>Takes one event; <paramref name="origin"/> says where its record came from, for a sink that may reject it.</summary>
    void Write(ReadOnlySpan<byte> udmEventJson, in DeadLetterOrigin origin);

    Task FlushAsync(CancellationToken cancellationToken);
}
