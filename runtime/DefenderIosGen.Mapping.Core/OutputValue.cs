namespace DefenderIosGen.Mapping;

/// <summary>How an output value is written: proto3 JSON wants 64-bit integers as strings, 32-bit ones as numbers.</summary>
public enum OutputKind : byte
{
    None,
    Text,
    Integer64,
    UnsignedInteger64,
    Integer32,
    Timestamp,
    Bool,
}

/// <summary>A value resolved for one UDM position; <see cref="Number"/> holds integers, timestamp ticks or 0/1.</summary>
public readonly record struct OutputValue(OutputKind Kind, TextSource Source, int Start, int Length, long Number)
{
    public bool IsSet => Kind != OutputKind.None;
}
