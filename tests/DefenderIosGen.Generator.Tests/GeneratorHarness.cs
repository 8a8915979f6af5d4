using System.Collections.Immutable;
using DefenderIosGen.Mapping;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace DefenderIosGen.Generator.Tests;

/// <summary>An additional file held in memory, as the compiler would hand it to the generator.</summary>
internal sealed class InMemoryAdditionalText(string path, string text) : AdditionalText
{
    private readonly SourceText _text = SourceText.From(text);

    public override string Path { get; } = path;

    public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
}

/// <summary>Runs <see cref="MapperGenerator"/> through the Roslyn driver over a compilation like the mapper project's.</summary>
internal static class GeneratorHarness
{
    public const string CatalogPath = "/repo/rules/udm/udm-catalog.yaml";

    private static readonly Lazy<string> CatalogText = new(() => File.ReadAllText(RepositoryFiles.PathOf("rules/udm/udm-catalog.yaml")));

    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
    {
        var platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        return [.. platform.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)), MetadataReference.CreateFromFile(typeof(UdmMapperBase).Assembly.Location)];
    });

    public static AdditionalText Catalog() => new InMemoryAdditionalText(CatalogPath, CatalogText.Value);

    public static AdditionalText Rules(string name, string yaml) => new InMemoryAdditionalText("/repo/rules/mappings/" + name, yaml);

    /// <summary>The repository's real rule files.</summary>
    public static IEnumerable<AdditionalText> RepositoryRules() =>
        Directory.GetFiles(RepositoryFiles.PathOf("rules/mappings"), "*.yaml")
            .Order(StringComparer.Ordinal)
            .Select(f => (AdditionalText)new InMemoryAdditionalText(f, File.ReadAllText(f)));

    public static CSharpCompilation BaseCompilation() => CSharpCompilation.Create(
        "DefenderIosGen.Mapping.Test",
        [CSharpSyntaxTree.ParseText("namespace DefenderIosGen.Mapping; public sealed partial class UdmMapper;", new CSharpParseOptions(LanguageVersion.Latest))],
        References.Value,
        new CSharpCompilationOptions(Microsoft.CodeAnalysis.OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    public static GeneratorDriver CreateDriver(IEnumerable<AdditionalText> files) => CSharpGeneratorDriver.Create(
        [new MapperGenerator().AsSourceGenerator()],
        additionalTexts: files,
        parseOptions: new CSharpParseOptions(LanguageVersion.Latest),
        driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    public sealed record Run(GeneratorDriver Driver, Compilation Output, ImmutableArray<Diagnostic> GeneratorDiagnostics, GeneratorDriverRunResult Result);

    public static Run Execute(params AdditionalText[] files) => Execute(CreateDriver(files), BaseCompilation());

    public static Run Execute(GeneratorDriver driver, Compilation compilation)
    {
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        var result = driver.GetRunResult();
        Assert.All(result.Results, r => Assert.Null(r.Exception));
        return new Run(driver, output, diagnostics, result);
    }
}
