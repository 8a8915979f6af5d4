namespace DefenderIosGen.Generator;

/// <summary>Pipeline step names, so tests can check which steps were cached after an edit.</summary>
public static class TrackingNames
{
    public const string RuleFiles = nameof(RuleFiles);
    public const string Catalog = nameof(Catalog);
    public const string Validation = nameof(Validation);
    public const string Spec = nameof(Spec);
    public const string Diagnostics = nameof(Diagnostics);
}
