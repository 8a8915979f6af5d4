namespace DefenderIosGen.Mapping;

/// <summary>The JSON type of a captured input value; <see cref="Missing"/> is the default of a cleared slot.</summary>
public enum ValueKind : byte
{
    Missing,
    Null,
    String,
    Number,
    True,
    False,
    Object,
    Array,
}

/// <summary>Where bytes live: the record itself, the per-record arena (unescaped or built text), or the constant table.</summary>
public enum TextSource : byte
{
    Record,
    Arena,
    Constant,
}

/// <summary>
/// An input value found while reading a record: its kind and where its bytes are. Strings are stored
/// unescaped; numbers, objects and arrays as their raw JSON text. <paramref name="JsonSafe"/> says the
/// bytes need no escaping to be written as a JSON string: true of numbers and of strings that had no escape
/// sequence in the input, because JSON forbids a raw quote, backslash or control character inside a string.
/// </summary>
public readonly record struct CapturedValue(ValueKind Kind, TextSource Source, int Start, int Length, bool JsonSafe = false);
