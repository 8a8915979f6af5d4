using DefenderIosGen.Mapping;
using DefenderIosGen.Runtime.Pipeline;
using DefenderIosGen.Runtime.Records;
using DefenderIosGen.Runtime.Sinks;
using Microsoft.Extensions.Logging;

namespace DefenderIosGen.Runtime.Ingest;

/// <summary>
/// One feed's pass over its containers: every blob is read from its committed byte offset, complete lines
/// only, in batches; each batch is mapped, handed to the sink, flushed, and only then checkpointed. A
/// re-created blob is read from the start; an empty or too old blob is skipped; a fully delivered blob that
/// has settled is deleted when the feed says so. Stopping (SIGINT/SIGTERM) ends the pass after the batch in
/// flight is committed.
/// </summary>
public sealed class IngestRunner(
    IBlobStore store,
    CheckpointStore checkpoints,
    IEventSink sink,
    DeadLetterWriter deadLetters,
    FeedOptions feed,
    IReadOnlyList<string> containers,
    int maxRecordBytes,
    ILogger logger,
    TimeProvider time)
{
    private readonly UdmMapper _mapper = new() { Feed = new FeedMetadata(feed.AssetNamespace, feed.IngestionLabels) };
    private readonly RecordBatch _batch = new();

    // Checkpoints of what was handed to the sink but not yet flushed: small blobs share one flush and one
    // transaction, and a crash still replays no more than what is pending here (one batch's worth).
    private readonly List<(string Feed, string Container, string Name, BlobCheckpoint Checkpoint)> _pending = [];
    private long _pendingBytes;
    private int _pendingRecords;

    public IngestSummary Summary { get; } = new();

    /// <summary>Runs one pass; returns false when it stopped early because <paramref name="stopping"/> was signalled.</summary>
    public async Task<bool> RunPassAsync(CancellationToken stopping)
    {
        // Deliberately not in a finally: after a failure (the sink could not deliver, a read failed) the
        // pending checkpoints must not move, so that the next run delivers those events again.
        var completed = await RunContainersAsync(stopping).ConfigureAwait(false);
        await CommitPendingAsync().ConfigureAwait(false);
        return completed;
    }

    private async Task<bool> RunContainersAsync(CancellationToken stopping)
    {
        foreach (var container in containers)
        {
            if (stopping.IsCancellationRequested)
            {
                return false;
            }

            if (!await store.ContainerExistsAsync(container, stopping).ConfigureAwait(false))
            {
                logger.LogDebug("container {Container} does not exist (yet); skipped", container);
                continue;
            }

            var prefixes = feed.IncludePrefixes.Count > 0 ? feed.IncludePrefixes : [null!];
            try
            {
                foreach (var prefix in prefixes)
                {
                    await foreach (var blob in store.ListAsync(container, prefix, stopping).ConfigureAwait(false))
                    {
                        if (!await ProcessBlobGuardedAsync(blob, stopping).ConfigureAwait(false))
                        {
                            return false;
                        }
                    }
                }
            }
            catch (Azure.RequestFailedException ex) when (ex.Status == 404)
            {
                logger.LogInformation("container {Container} disappeared during the pass; skipped", container);
            }
        }

        return true;
    }

    /// <summary>
    /// A blob deleted or re-created between listing and reading (404, 416, 412, or a vanished local file) is
    /// left for the next pass, which sees it as it is then; the rest of the pass goes on.
    /// </summary>
    private async Task<bool> ProcessBlobGuardedAsync(BlobEntry blob, CancellationToken stopping)
    {
        try
        {
            return await ProcessBlobAsync(blob, stopping).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is Azure.RequestFailedException { Status: 404 or 412 or 416 } or FileNotFoundException or DirectoryNotFoundException)
        {
            logger.LogInformation("{Container}/{Blob} changed while it was being read ({Reason}); it is read again next pass", blob.Container, blob.Name, ex.GetType().Name);
            Summary.For(blob.Container).BlobsSkipped++;
            return true;
        }
    }

    private async Task<bool> ProcessBlobAsync(BlobEntry blob, CancellationToken stopping)
    {
        var progress = Summary.For(blob.Container);
        progress.BlobsListed++;
        var now = time.GetUtcNow();
        if (blob.IsDirectoryMarker)
        {
            return true;
        }

        // A ranged read of an empty blob answers 416; an old blob is outside the feed's window.
        if (blob.Size == 0 || now - blob.LastModified > feed.MaxFileAge)
        {
            progress.BlobsSkipped++;
            return true;
        }

        var checkpoint = Pending(blob) ?? checkpoints.Get(feed.Name, blob.Container, blob.Name);
        long offset = 0;
        long line = 0;
        if (checkpoint is not null)
        {
            if (checkpoint.Created == blob.Created && checkpoint.Offset <= blob.Size)
            {
                offset = checkpoint.Offset;
                line = checkpoint.Line;
            }
            else
            {
                logger.LogInformation("{Container}/{Blob} was re-created (created {Created}, size {Size}, checkpoint at {Offset}); reading it from the start", blob.Container, blob.Name, blob.Created, blob.Size, checkpoint.Offset);
            }
        }

        // Until a blob has settled, its last line may still be incomplete: read complete lines only.
        var settled = now - blob.LastModified >= feed.SettlePeriod;
        if (blob.Size > offset)
        {
            progress.BlobsRead++;
            Summary.Records.Inputs++;
            if (await ReadFromAsync(blob, offset, line, settled, progress, stopping).ConfigureAwait(false) is not { } reached)
            {
                return false;
            }

            offset = reached;
        }

        if (offset == blob.Size)
        {
            progress.NewestDelivered = progress.NewestDelivered is { } newest && newest > blob.LastModified ? newest : blob.LastModified;
            if (feed.Deletion != SourceDeletion.Never && settled)
            {
                // Never delete what is not yet durably delivered.
                await CommitPendingAsync().ConfigureAwait(false);
                await DeleteAsync(blob, progress, stopping).ConfigureAwait(false);
            }
        }

        return true;
    }

    /// <summary>Reads, maps and delivers batch by batch; returns the offset reached, or null if stopping interrupted it between batches.</summary>
    private async Task<long?> ReadFromAsync(BlobEntry blob, long offset, long line, bool settled, ContainerProgress progress, CancellationToken stopping)
    {
        await using var stream = await store.OpenRangeAsync(blob, offset, blob.Size - offset, stopping).ConfigureAwait(false);
        using var reader = new JsonLinesReader(stream, maxRecordBytes, offset, line, completeLinesOnly: !settled);
        while (true)
        {
            if (stopping.IsCancellationRequested)
            {
                return null;
            }

            _batch.Reset(blob.Name, "line");
            while (!_batch.IsFull && reader.TryRead(out var record))
            {
                _batch.Add(record);
            }

            var consumed = reader.ConsumedOffset;
            if (_batch.Entries.Count == 0 && consumed == offset)
            {
                return offset;
            }

            _batch.Map(_mapper);
            foreach (var entry in _batch.Entries)
            {
                Summary.Records.Records++;
                var origin = new DeadLetterOrigin(blob.Name, "line", entry.Line, entry.Offset, blob.Container);
                if (entry.Error is not null)
                {
                    deadLetters.Write(origin, entry.Error, _batch.Input(entry), entry.SourceLength);
                    Summary.Records.DeadLettered++;
                    continue;
                }

                sink.Write(_batch.Output(entry), origin);
                Summary.Records.Mapped++;
                Summary.Records.CountEventType(entry.EventType);
                progress.Events++;
            }

            _pending.RemoveAll(p => p.Container == blob.Container && p.Name == blob.Name);
            _pending.Add((feed.Name, blob.Container, blob.Name, new BlobCheckpoint(blob.Created, consumed, reader.LinesConsumed)));
            _pendingBytes += consumed - offset;
            _pendingRecords += _batch.Entries.Count;
            if (_pendingBytes >= RecordBatch.TargetInputBytes || _pendingRecords >= RecordBatch.MaxRecords)
            {
                await CommitPendingAsync().ConfigureAwait(false);
            }

            progress.BytesRead += consumed - offset;
            Summary.Records.BytesRead += consumed - offset;
            offset = consumed;
            if (!_batch.IsFull)
            {
                return offset;
            }
        }
    }

    /// <summary>The checkpoints move only once the sink holds the events durably.</summary>
    private async Task CommitPendingAsync()
    {
        if (_pending.Count == 0)
        {
            return;
        }

        await sink.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        await deadLetters.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        checkpoints.CommitAll(_pending);
        _pending.Clear();
        _pendingBytes = 0;
        _pendingRecords = 0;
    }

    private BlobCheckpoint? Pending(BlobEntry blob) =>
        _pending.FindLast(p => p.Container == blob.Container && p.Name == blob.Name).Checkpoint;

    private async Task DeleteAsync(BlobEntry blob, ContainerProgress progress, CancellationToken stopping)
    {
        if (!await store.DeleteIfUnchangedAsync(blob, stopping).ConfigureAwait(false))
        {
            logger.LogInformation("{Container}/{Blob} changed since it was listed; kept", blob.Container, blob.Name);
            return;
        }

        checkpoints.Remove(feed.Name, blob.Container, blob.Name);
        progress.BlobsDeleted++;
        if (feed.Deletion == SourceDeletion.FilesAndDirectories)
        {
            await store.DeleteEmptyDirectoriesAsync(blob.Container, blob.Name, stopping).ConfigureAwait(false);
        }
    }
}
