namespace DefenderIosGen.Generator.Model;

// The emitter's input: everything resolved to slot and position numbers, nothing left to look up.

/// <summary>A property the reader looks for in one JSON object: captured into a slot, descended into, or both.</summary>
internal sealed record InputChildSpec(string Name, int Slot, int Node, bool Embedded);

internal sealed record InputNodeSpec(int Id, EquatableArray<InputChildSpec> Children);

internal enum OutputKind
{
    Message,
    RepeatedMessage,
    Scalar,
    Repeated,
    LabelList,
    Struct,
}

/// <summary>A node of the UDM output; its values occupy positions [Start, End) so presence is one range test.</summary>
internal sealed record OutputNodeSpec(
    string JsonName,
    OutputKind Kind,
    int Start,
    int End,
    EquatableArray<OutputNodeSpec> Children,
    EquatableArray<string> Keys);

/// <summary>Names match DefenderIosGen.Mapping.Conversion in the runtime library.</summary>
internal enum ConversionKind
{
    Text,
    UInt64,
    Int64,
    UInt32,
    Int32,
    Timestamp,
    Bool,
}

internal sealed record ConditionSpec(int Slot, bool IsRegex, int Operand);

internal sealed record FormatPartSpec(int Constant, int Slot);

internal enum ValueSpecKind
{
    Slot,
    Constant,
    Format,
}

internal sealed record ValueSpec(
    ValueSpecKind Kind,
    int Slot,
    ConversionKind Conversion,
    int ExtractRegex,
    int Constant,
    EquatableArray<FormatPartSpec> Parts,
    EquatableArray<ConditionSpec> Conditions);

internal sealed record FlagTestSpec(int Flag, bool Negated);

internal sealed record CaseSpec(EquatableArray<FlagTestSpec> Tests, int Constant);

internal enum StepKind
{
    /// <summary>The first alternative that yields a value is written at the position.</summary>
    FirstValue,

    /// <summary>One item of a repeated field; dropped when an earlier item of the list has the same text.</summary>
    ListItem,

    /// <summary>Ordered cases over flags; runs after every other step, since flags read what those wrote.</summary>
    Cases,
}

internal sealed record StepSpec(
    StepKind Kind,
    int Position,
    int ListStart,
    EquatableArray<ValueSpec> Alternatives,
    EquatableArray<CaseSpec> Cases,
    EquatableArray<ConditionSpec> Guard,
    string Comment);

internal sealed record RangeSpec(int Start, int End);

internal sealed record FlagSpec(string Name, EquatableArray<RangeSpec> Ranges);

internal sealed record MapperSpec(
    EquatableArray<InputNodeSpec> InputNodes,
    EquatableArray<string> SlotPaths,
    OutputNodeSpec Output,
    int ValueCount,
    EquatableArray<string> Constants,
    EquatableArray<string> Regexes,
    EquatableArray<StepSpec> Steps,
    EquatableArray<FlagSpec> Flags,
    int EventTypePosition);

/// <summary>What validation hands on: a spec to emit when there are no errors, and the diagnostics either way.</summary>
internal sealed record ValidationResult(MapperSpec? Spec, EquatableArray<DiagnosticInfo> Diagnostics);
