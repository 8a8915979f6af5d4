using DefenderIosGen.Mapping;
using DefenderIosGen.Runtime.Records;
using DefenderIosGen.Runtime.Sinks;

namespace DefenderIosGen.Runtime.Pipeline;

/// <summary>
/// Records → generated mapper → sink, with every record accounted for: each is either written as exactly
/// one UDM event, in input order, or dead-lettered with where it came from and why.
/// </summary>
public sealed class MapPipeline(IEventSink sink, DeadLetterWriter deadLetters, int maxRecordBytes)
{
    private readonly UdmMapper _mapper = new();

    public MapSummary Summary { get; } = new();

    public void Run(string sourceName, Stream input)
    {
        Summary.Inputs++;
        using var counting = new CountingStream(input);
        using var reader = RecordReaders.Open(counting, maxRecordBytes);
        var positionName = reader is RecordsDocumentReader ? "element" : "line";
        while (reader.TryRead(out var record))
        {
            Summary.Records++;
            var origin = new DeadLetterOrigin(sourceName, positionName, record.Line, record.Offset);
            if (record.Problem is not null)
            {
                deadLetters.Write(origin, record.Problem, record.Bytes, record.Length);
                Summary.DeadLettered++;
                continue;
            }

            var result = _mapper.Map(record.Bytes);
            if (!result.Success)
            {
                deadLetters.Write(origin, result.ErrorDetail!, record.Bytes, record.Length);
                Summary.DeadLettered++;
                continue;
            }

            sink.Write(result.UdmEvent);
            Summary.Mapped++;
            Summary.CountEventType(result.EventType);
        }

        Summary.BytesRead += counting.BytesRead;
    }
}
