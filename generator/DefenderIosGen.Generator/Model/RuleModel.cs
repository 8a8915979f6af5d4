namespace DefenderIosGen.Generator.Model;

/// <summary>A path written in a rule (a source field or a UDM field) and where it was written.</summary>
internal sealed record PathRef(string Path, LocationInfo Location);

/// <summary><c>when:</c> one test on a source value; <see cref="Field"/> null means the rule's own source.</summary>
internal sealed record ConditionModel(PathRef? Field, string Operator, string Operand, LocationInfo OperandLocation);

/// <summary>One source value of a rule, with what is done to it before it is written.</summary>
internal sealed record SourceModel(
    PathRef Path,
    EquatableArray<ConditionModel> When,
    string? Convert,
    LocationInfo? ConvertLocation,
    string? Extract,
    LocationInfo? ExtractLocation,
    string? LabelKey);

internal sealed record FlagTestModel(string Name, bool Negated, LocationInfo Location);

/// <summary>One branch of <c>cases:</c>; no tests means "otherwise".</summary>
internal sealed record CaseModel(EquatableArray<FlagTestModel> Tests, string Value, LocationInfo ValueLocation);

internal enum ValueConstruct
{
    From,
    FirstOf,
    Merge,
    Labels,
    Const,
    Format,
    Cases,
}

/// <summary>A rule as written: where its value comes from and which UDM field it writes.</summary>
internal sealed record RuleModel(
    PathRef Target,
    ValueConstruct Construct,
    EquatableArray<SourceModel> Sources,
    string? Text,
    LocationInfo? TextLocation,
    EquatableArray<CaseModel> Cases,
    EquatableArray<ConditionModel> Guard,
    int? Priority,
    LocationInfo Location);

/// <summary>A named boolean: true when any of the listed UDM fields was written for the record.</summary>
internal sealed record FlagModel(string Name, EquatableArray<PathRef> AnySet, LocationInfo Location);

/// <summary>Everything one rule file says, plus the problems found while reading it.</summary>
internal sealed record RuleFileModel(
    string Path,
    EquatableArray<RuleModel> Rules,
    EquatableArray<FlagModel> Flags,
    EquatableArray<PathRef> EmbeddedJson,
    EquatableArray<DiagnosticInfo> Diagnostics);
