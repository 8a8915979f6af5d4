using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using DefenderIosGen.Generator.Diagnostics;
using DefenderIosGen.Generator.Emit;
using DefenderIosGen.Generator.Model;
using DefenderIosGen.Generator.Parsing;
using DefenderIosGen.Generator.Validation;
using Microsoft.CodeAnalysis;

namespace DefenderIosGen.Generator;

/// <summary>
/// Compiles the YAML mapping rules (AdditionalFiles) into the typed UDM mapper.
/// Pipeline: each file parsed on its own (cached per file) → all files validated together against the
/// UDM catalog → spec emitted; diagnostics travel on their own output so a moved diagnostic does not re-emit.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class MapperGenerator : IIncrementalGenerator
{
    public const string CatalogFileName = "udm-catalog.yaml";

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var yamlFiles = context.AdditionalTextsProvider
            .Where(f => f.Path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.Path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase));

        var catalog = yamlFiles
            .Where(IsCatalog)
            .Select((file, token) => CatalogParser.Parse(file.Path, file.GetText(token)?.ToString() ?? ""))
            .WithTrackingName(TrackingNames.Catalog)
            .Collect();

        var ruleFiles = yamlFiles
            .Where(f => !IsCatalog(f))
            .Select((file, token) => ParseRuleFile(file.Path, file.GetText(token)?.ToString() ?? ""))
            .WithTrackingName(TrackingNames.RuleFiles)
            .Collect();

        var validation = catalog.Combine(ruleFiles)
            .Select((input, _) => ValidateSafely(input.Left, input.Right))
            .WithTrackingName(TrackingNames.Validation);

        var spec = validation.Select((result, _) => result.Spec).WithTrackingName(TrackingNames.Spec);
        var diagnostics = validation.Select((result, _) => result.Diagnostics).WithTrackingName(TrackingNames.Diagnostics);

        context.RegisterSourceOutput(diagnostics, static (production, items) =>
        {
            foreach (var item in items)
            {
                production.ReportDiagnostic(item.ToDiagnostic());
            }
        });

        context.RegisterSourceOutput(spec, static (production, mapper) =>
        {
            if (mapper is null)
            {
                return;
            }

            try
            {
                production.AddSource(MapperEmitter.HintName, MapperEmitter.Emit(mapper));
            }
            catch (Exception ex)
            {
                production.ReportDiagnostic(Diagnostic.Create(DiagnosticCatalog.InternalError, Location.None, ex.GetType().Name + ": " + ex.Message));
            }
        });
    }

    private static bool IsCatalog(AdditionalText file) =>
        string.Equals(Path.GetFileName(file.Path), CatalogFileName, StringComparison.OrdinalIgnoreCase);

    private static RuleFileModel ParseRuleFile(string path, string text)
    {
        try
        {
            return RuleFileParser.Parse(path, text);
        }
        catch (Exception ex)
        {
            var diagnostic = DiagnosticInfo.Create(DiagnosticCatalog.InternalError, LocationInfo.StartOfFile(path), ex.GetType().Name + ": " + ex.Message);
            return new RuleFileModel(path, default, default, default, new[] { diagnostic }.ToEquatableArray());
        }
    }

    private static ValidationResult ValidateSafely(ImmutableArray<UdmCatalog> catalogs, ImmutableArray<RuleFileModel> files)
    {
        try
        {
            if (catalogs.Length > 1)
            {
                var second = DiagnosticInfo.Create(DiagnosticCatalog.CatalogProblem, LocationInfo.StartOfFile(catalogs[1].Path), $"more than one {CatalogFileName}; keep one");
                return new ValidationResult(null, new[] { second }.ToEquatableArray());
            }

            return RuleValidator.Validate(catalogs.FirstOrDefault(), files);
        }
        catch (Exception ex)
        {
            var where = files.Length > 0 ? LocationInfo.StartOfFile(files[0].Path) : LocationInfo.StartOfFile(CatalogFileName);
            return new ValidationResult(null, new[] { DiagnosticInfo.Create(DiagnosticCatalog.InternalError, where, ex.GetType().Name + ": " + ex.Message) }.ToEquatableArray());
        }
    }
}
