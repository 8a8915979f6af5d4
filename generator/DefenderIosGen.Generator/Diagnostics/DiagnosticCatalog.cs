using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace DefenderIosGen.Generator.Diagnostics;

/// <summary>
/// Every diagnostic the generator reports, with IDs that never change meaning once published.
/// Severity can be tuned per ID in .editorconfig (<c>dotnet_diagnostic.DIG006.severity = warning</c>).
/// </summary>
internal static class DiagnosticCatalog
{
    private const string Category = "DefenderIosGen.Rules";
    private const string HelpLink = "rules/README.md#diagnostics";

    public static readonly DiagnosticDescriptor YamlSyntaxError = Error(
        "DIG001", "YAML syntax error", "YAML syntax error: {0}");

    public static readonly DiagnosticDescriptor UnknownKey = Error(
        "DIG002", "Unknown key", "Unknown key '{0}' in {1}; expected one of: {2}{3}");

    public static readonly DiagnosticDescriptor UnknownUdmField = Error(
        "DIG003", "Unknown UDM field", "'{0}' is not a UDM field: {1} has no field '{2}'{3}");

    public static readonly DiagnosticDescriptor TypeMismatch = Error(
        "DIG004", "Type mismatch", "Type mismatch on '{0}' ({1}): {2}");

    public static readonly DiagnosticDescriptor UnknownEnumValue = Error(
        "DIG005", "Enum value not defined by UDM", "'{0}' is not a value of {1} (target '{2}'){3}");

    public static readonly DiagnosticDescriptor ConflictingRules = Error(
        "DIG006", "Conflicting rules", "'{0}' is a single-valued UDM field also written by the rule at {1}; give each rule a distinct 'priority' or remove one");

    public static readonly DiagnosticDescriptor DuplicateLabelKey = Error(
        "DIG007", "Duplicate label key", "Label key '{0}' is written into '{1}' again by the rule at {2}");

    public static readonly DiagnosticDescriptor InvalidRegex = Error(
        "DIG008", "Invalid regular expression", "Invalid regular expression '{0}': {1}");

    public static readonly DiagnosticDescriptor InvalidRule = Error(
        "DIG009", "Invalid rule", "Invalid rule: {0}");

    public static readonly DiagnosticDescriptor UnknownFlag = Error(
        "DIG010", "Unknown flag", "Flag '{0}' is not defined under 'flags'{1}");

    public static readonly DiagnosticDescriptor CatalogProblem = Error(
        "DIG011", "UDM catalog missing or invalid", "UDM field catalog problem: {0}");

    public static readonly DiagnosticDescriptor UnsupportedTarget = Error(
        "DIG012", "UDM field cannot be targeted", "'{0}' cannot be targeted: {1}");

    public static readonly DiagnosticDescriptor FlagNeverSet = new(
        "DIG013", "Flag reads a field no rule writes", "Flag '{0}' reads '{1}', which no rule writes; the flag is always false there",
        Category, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLink);

    public static readonly DiagnosticDescriptor InternalError = Error(
        "DIG099", "Internal generator error", "Internal error in the DefenderIosGen rule compiler: {0}");

    private static readonly Dictionary<string, DiagnosticDescriptor> All = typeof(DiagnosticCatalog)
        .GetFields()
        .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
        .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
        .ToDictionary(d => d.Id);

    public static DiagnosticDescriptor ById(string id) => All[id];

    public static IEnumerable<DiagnosticDescriptor> Descriptors => All.Values;

    private static DiagnosticDescriptor Error(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink);
}
