using System.Collections.Concurrent;
using System.Threading.Channels;
using DefenderIosGen.Mapping;
using DefenderIosGen.Runtime.Records;
using DefenderIosGen.Runtime.Sinks;

namespace DefenderIosGen.Runtime.Pipeline;

/// <summary>
/// Records → generated mapper → sink, on all cores, with every record accounted for: each is either
/// written as exactly one UDM event, in input order, or dead-lettered with where it came from and why.
/// One reader cuts records into batches, workers map batches in parallel (one mapper each), and one writer
/// takes the batches back in their original order. Channels are bounded, so memory stays flat whatever the
/// input size.
/// </summary>
public sealed class MapPipeline(IEventSink sink, DeadLetterWriter deadLetters, int maxRecordBytes, int workers)
{
    private readonly ConcurrentBag<RecordBatch> _pool = [];

    public MapSummary Summary { get; } = new();

    public int Workers { get; } = Math.Max(1, workers);

    public async Task RunAsync(IReadOnlyList<(string Name, Func<Stream> Open)> inputs, CancellationToken cancellationToken)
    {
        var work = Channel.CreateBounded<(RecordBatch Batch, TaskCompletionSource Done)>(Workers * 2);
        var ordered = Channel.CreateBounded<(RecordBatch Batch, TaskCompletionSource Done)>(Workers * 3);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

        var mappers = Enumerable.Range(0, Workers).Select(_ => Task.Run(() => MapBatchesAsync(work.Reader, stop.Token), stop.Token)).ToArray();
        var writer = Task.Run(() => WriteBatchesAsync(ordered.Reader, stop.Token), stop.Token);
        try
        {
            await Task.Run(() => ReadAllAsync(inputs, work.Writer, ordered.Writer, stop.Token), stop.Token).ConfigureAwait(false);
        }
        catch
        {
            await stop.CancelAsync().ConfigureAwait(false);
            throw;
        }
        finally
        {
            work.Writer.TryComplete();
            ordered.Writer.TryComplete();
        }

        await Task.WhenAll(mappers).ConfigureAwait(false);
        await writer.ConfigureAwait(false);
    }

    private async Task ReadAllAsync(
        IReadOnlyList<(string Name, Func<Stream> Open)> inputs,
        ChannelWriter<(RecordBatch, TaskCompletionSource)> work,
        ChannelWriter<(RecordBatch, TaskCompletionSource)> ordered,
        CancellationToken cancellationToken)
    {
        foreach (var (name, open) in inputs)
        {
            await using var stream = open();
            using var counting = new CountingStream(stream);
            using var reader = RecordReaders.Open(counting, maxRecordBytes);
            var positionName = reader is RecordsDocumentReader ? "element" : "line";
            var batch = Rent(name, positionName);
            while (true)
            {
                if (!reader.TryRead(out var record))
                {
                    break;
                }

                batch.Add(record);
                if (batch.IsFull)
                {
                    await DispatchAsync(batch, work, ordered, cancellationToken).ConfigureAwait(false);
                    batch = Rent(name, positionName);
                }
            }

            await DispatchAsync(batch, work, ordered, cancellationToken).ConfigureAwait(false);
            Summary.Inputs++;
            Summary.BytesRead += counting.BytesRead;
        }
    }

    private static async Task DispatchAsync(
        RecordBatch batch,
        ChannelWriter<(RecordBatch, TaskCompletionSource)> work,
        ChannelWriter<(RecordBatch, TaskCompletionSource)> ordered,
        CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // The order channel first: the writer waits on batches in the order they were read.
        await ordered.WriteAsync((batch, done), cancellationToken).ConfigureAwait(false);
        await work.WriteAsync((batch, done), cancellationToken).ConfigureAwait(false);
    }

    private static async Task MapBatchesAsync(ChannelReader<(RecordBatch Batch, TaskCompletionSource Done)> work, CancellationToken cancellationToken)
    {
        var mapper = new UdmMapper();
        await foreach (var (batch, done) in work.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            try
            {
                batch.Map(mapper);
                done.SetResult();
            }
            catch (Exception ex)
            {
                done.SetException(ex);
            }
        }
    }

    private async Task WriteBatchesAsync(ChannelReader<(RecordBatch Batch, TaskCompletionSource Done)> ordered, CancellationToken cancellationToken)
    {
        await foreach (var (batch, done) in ordered.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            await done.Task.ConfigureAwait(false);
            foreach (var entry in batch.Entries)
            {
                Summary.Records++;
                var origin = new DeadLetterOrigin(batch.Source, batch.PositionName, entry.Line, entry.Offset);
                if (entry.Error is not null)
                {
                    deadLetters.Write(origin, entry.Error, batch.Input(entry), entry.SourceLength);
                    Summary.DeadLettered++;
                    continue;
                }

                sink.Write(batch.Output(entry), origin);
                Summary.Mapped++;
                Summary.CountEventType(entry.EventType);
            }

            _pool.Add(batch);
        }
    }

    private RecordBatch Rent(string source, string positionName)
    {
        var batch = _pool.TryTake(out var pooled) ? pooled : new RecordBatch();
        batch.Reset(source, positionName);
        return batch;
    }
}
