namespace DefenderIosGen.UdmCatalogTool;

/// <summary>A field as declared in the proto: its raw type name is resolved later against every declared type.</summary>
internal sealed record ProtoField(string Name, string TypeName, bool Repeated, bool IsMap);

internal sealed record ProtoMessage(string FullName, List<ProtoField> Fields);

internal sealed record ProtoEnum(string FullName, List<string> Values);

internal sealed class ProtoSchema
{
    public Dictionary<string, ProtoMessage> Messages { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, ProtoEnum> Enums { get; } = new(StringComparer.Ordinal);
}
