namespace DefenderIosGen.Mapping;

/// <summary>Why a record could not be mapped; each becomes a dead letter with this reason.</summary>
public enum MapError : byte
{
    None,
    EmptyRecord,
    NotAnObject,
    MalformedJson,
    InvalidText,
}

/// <summary>
/// The outcome of mapping one record: the UDM event as UTF-8 JSON (valid until the next Map call on the
/// same mapper) and its event type, or the error.
/// </summary>
public readonly ref struct MapResult
{
    public MapResult(ReadOnlySpan<byte> udmEvent, string? eventType)
    {
        UdmEvent = udmEvent;
        EventType = eventType;
        Error = MapError.None;
        ErrorDetail = null;
    }

    public MapResult(MapError error, string detail)
    {
        UdmEvent = default;
        EventType = null;
        Error = error;
        ErrorDetail = detail;
    }

    public ReadOnlySpan<byte> UdmEvent { get; }

    public string? EventType { get; }

    public MapError Error { get; }

    public string? ErrorDetail { get; }

    public bool Success => Error == MapError.None;
}
