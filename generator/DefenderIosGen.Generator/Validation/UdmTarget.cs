using System.Collections.Generic;
using DefenderIosGen.Generator.Model;

namespace DefenderIosGen.Generator.Validation;

internal enum TargetShape
{
    Scalar,
    Repeated,
    LabelList,
    Struct,
}

/// <summary>One step of a resolved UDM path: the field and whether it is a repeated message.</summary>
internal sealed record TargetSegment(string Name, bool RepeatedMessage);

/// <summary>A UDM field a rule may write, with its scalar type ("string", "uint64", "Timestamp", "enum X", ...).</summary>
internal sealed record UdmTarget(string CanonicalPath, IReadOnlyList<TargetSegment> Segments, TargetShape Shape, string ScalarType)
{
    public bool IsEnum => ScalarType.StartsWith("enum ", System.StringComparison.Ordinal);

    public string EnumName => ScalarType.Substring("enum ".Length);

    public string Describe() => Shape switch
    {
        TargetShape.LabelList => "a Label list",
        TargetShape.Struct => "a Struct",
        TargetShape.Repeated => "repeated " + ScalarType,
        _ => ScalarType,
    };
}
