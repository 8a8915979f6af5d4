using Microsoft.CodeAnalysis;

namespace DefenderIosGen.Generator.Model;

/// <summary>A diagnostic as an equatable value; it becomes a Roslyn <see cref="Diagnostic"/> only when reported.</summary>
internal sealed record DiagnosticInfo(string Id, LocationInfo Location, EquatableArray<string> Arguments)
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, LocationInfo location, params string[] arguments) =>
        new(descriptor.Id, location, arguments.ToEquatableArray());

    public Diagnostic ToDiagnostic() =>
        Diagnostic.Create(Diagnostics.DiagnosticCatalog.ById(Id), Location.ToLocation(), [.. Arguments]);
}
