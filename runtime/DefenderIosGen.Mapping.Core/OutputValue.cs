using System.Runtime.InteropServices;

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

/// <summary>
/// A value resolved for one UDM position: text (where its bytes are) or a number (integers, timestamp ticks,
/// 0/1). The two never coexist, so they share bytes and the value is 12 bytes: every record clears the
/// whole array of them. <see cref="JsonSafe"/> text is written between quotes as it is, without a scan
/// for characters to escape.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 12)]
public readonly struct OutputValue
{
    [FieldOffset(0)]
    public readonly OutputKind Kind;

    [FieldOffset(1)]
    public readonly TextSource Source;

    [FieldOffset(2)]
    public readonly bool JsonSafe;

    [FieldOffset(4)]
    public readonly int Start;

    [FieldOffset(8)]
    public readonly int Length;

    [FieldOffset(4)]
    public readonly long Number;

    private OutputValue(OutputKind kind, TextSource source, int start, int length, bool jsonSafe)
    {
        Kind = kind;
        Source = source;
        JsonSafe = jsonSafe;
        Start = start;
        Length = length;
    }

    private OutputValue(OutputKind kind, long number)
    {
        Kind = kind;
        Number = number;
    }

    public bool IsSet => Kind != OutputKind.None;

    public static OutputValue Text(TextSource source, int start, int length, bool jsonSafe) =>
        new(OutputKind.Text, source, start, length, jsonSafe);

    /// <summary>A number of a non-text kind.</summary>
    public static OutputValue Scalar(OutputKind kind, long number) => new(kind, number);
}
