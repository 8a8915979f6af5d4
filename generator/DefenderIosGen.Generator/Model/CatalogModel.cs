namespace DefenderIosGen.Generator.Model;

/// <summary>A UDM field: <see cref="Type"/> is a scalar name, Timestamp, Struct, Label, "enum X", a message name or "external X".</summary>
internal sealed record CatalogField(string Name, string Type, bool Repeated, bool IsMap);

internal sealed record CatalogMessage(string Name, EquatableArray<CatalogField> Fields);

internal sealed record CatalogEnum(string Name, EquatableArray<string> Values);

internal sealed record UdmCatalog(
    string Path,
    string Root,
    EquatableArray<CatalogMessage> Messages,
    EquatableArray<CatalogEnum> Enums,
    EquatableArray<DiagnosticInfo> Diagnostics);
