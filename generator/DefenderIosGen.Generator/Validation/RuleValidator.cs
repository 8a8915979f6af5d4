using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using DefenderIosGen.Generator.Diagnostics;
using DefenderIosGen.Generator.Model;

namespace DefenderIosGen.Generator.Validation;

/// <summary>
/// Checks all rule files together against the UDM catalog (targets, types, conflicts, regexes, flags) and,
/// when nothing is wrong, lays out the mapper: input slots, output positions and evaluation steps.
/// </summary>
internal sealed class RuleValidator
{
    private static readonly Dictionary<string, (ConversionKind Kind, string Produces)> Conversions = new()
    {
        ["string"] = (ConversionKind.Text, "string"),
        ["uint64"] = (ConversionKind.UInt64, "uint64"),
        ["int64"] = (ConversionKind.Int64, "int64"),
        ["uint32"] = (ConversionKind.UInt32, "uint32"),
        ["int32"] = (ConversionKind.Int32, "int32"),
        ["timestamp"] = (ConversionKind.Timestamp, "Timestamp"),
        ["bool"] = (ConversionKind.Bool, "bool"),
    };

    private readonly UdmCatalogIndex _catalog;
    private readonly List<DiagnosticInfo> _diagnostics = [];
    private readonly SpecLayout _layout = new();
    private readonly Dictionary<string, int> _regexes = new(StringComparer.Ordinal);

    private RuleValidator(UdmCatalog catalog) => _catalog = new UdmCatalogIndex(catalog);

    public static ValidationResult Validate(UdmCatalog? catalog, IReadOnlyList<RuleFileModel> files)
    {
        var parseDiagnostics = files.SelectMany(f => f.Diagnostics).ToList();
        if (catalog is null)
        {
            var where = files.Count > 0 ? LocationInfo.StartOfFile(files[0].Path) : LocationInfo.StartOfFile("rules");
            parseDiagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.CatalogProblem, where, "no udm-catalog.yaml among the AdditionalFiles; add rules/udm/udm-catalog.yaml"));
            return new ValidationResult(null, parseDiagnostics.ToEquatableArray());
        }

        parseDiagnostics.AddRange(catalog.Diagnostics);
        if (catalog.Diagnostics.Count > 0)
        {
            return new ValidationResult(null, parseDiagnostics.ToEquatableArray());
        }

        var validator = new RuleValidator(catalog);
        validator._diagnostics.AddRange(parseDiagnostics);
        var spec = validator.Run(files.OrderBy(f => f.Path, StringComparer.Ordinal).ToList());
        var hasErrors = validator._diagnostics.Any(d => DiagnosticCatalog.ById(d.Id).DefaultSeverity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error);
        return new ValidationResult(hasErrors ? null : spec, validator._diagnostics.ToEquatableArray());
    }

    private MapperSpec Run(List<RuleFileModel> files)
    {
        foreach (var embedded in files.SelectMany(f => f.EmbeddedJson))
        {
            _layout.DeclareEmbedded(embedded.Path);
        }

        var flags = CollectFlags(files);
        var resolved = new List<(RuleModel Rule, UdmTarget Target)>();
        foreach (var rule in files.SelectMany(f => f.Rules))
        {
            if (_catalog.ResolveTarget(rule.Target, _diagnostics) is { } target && CheckTypes(rule, target, flags))
            {
                resolved.Add((rule, target));
            }
        }

        CheckConflicts(resolved);
        var output = OutputLayout.Build(resolved, _catalog);
        var steps = BuildSteps(resolved, output, flags);
        var flagSpecs = flags.Values.Select(f => BuildFlag(f, output)).ToList();
        var eventType = output.PositionsOf("metadata.event_type");
        return new MapperSpec(
            _layout.BuildInputNodes(),
            _layout.SlotPaths.ToEquatableArray(),
            output.Root,
            output.ValueCount,
            _layout.Constants.ToEquatableArray(),
            _regexes.OrderBy(r => r.Value).Select(r => r.Key).ToEquatableArray(),
            steps.ToEquatableArray(),
            flagSpecs.ToEquatableArray(),
            eventType?.Start ?? -1);
    }

    private Dictionary<string, FlagModel> CollectFlags(List<RuleFileModel> files)
    {
        var flags = new Dictionary<string, FlagModel>(StringComparer.Ordinal);
        foreach (var flag in files.SelectMany(f => f.Flags))
        {
            if (flags.TryGetValue(flag.Name, out var first))
            {
                Report(DiagnosticCatalog.InvalidRule, flag.Location, $"flag '{flag.Name}' is already defined at {first.Location.Display}");
                continue;
            }

            foreach (var path in flag.AnySet)
            {
                _catalog.TryWalk(path, _diagnostics, out _);
            }

            flags[flag.Name] = flag;
        }

        return flags;
    }

    private bool CheckTypes(RuleModel rule, UdmTarget target, Dictionary<string, FlagModel> flags)
    {
        var before = _diagnostics.Count;
        var where = rule.Target;
        var isKeyed = target.Shape is TargetShape.LabelList or TargetShape.Struct;
        if (rule.Construct == ValueConstruct.Labels && !isKeyed)
        {
            Mismatch(where, target, "'labels' writes key/value pairs; it needs a Label list or a Struct such as additional");
        }
        else if (rule.Construct != ValueConstruct.Labels && isKeyed)
        {
            Mismatch(where, target, $"a single value cannot go into {target.Describe()}; use 'labels'");
        }
        else if (rule.Construct == ValueConstruct.Merge && target.Shape != TargetShape.Repeated)
        {
            Mismatch(where, target, "'merge' writes several values but the field holds one; use 'first_of'");
        }

        foreach (var source in rule.Sources)
        {
            CheckSource(source, target, where);
        }

        foreach (var condition in rule.Guard)
        {
            CheckCondition(condition);
        }

        switch (rule.Construct)
        {
            case ValueConstruct.Const when rule.Text is not null:
                CheckConstant(rule.Text, rule.TextLocation!, target);
                break;
            case ValueConstruct.Format when rule.Text is not null:
                if (target.ScalarType != "string" && !isKeyed)
                {
                    Mismatch(where, target, "'format' produces text; the field needs a conversion-free string field");
                }

                ParseFormat(rule.Text, rule.TextLocation!);
                break;
            case ValueConstruct.Cases:
                foreach (var branch in rule.Cases)
                {
                    CheckConstant(branch.Value, branch.ValueLocation, target);
                    foreach (var test in branch.Tests.Where(t => !flags.ContainsKey(t.Name)))
                    {
                        Report(DiagnosticCatalog.UnknownFlag, test.Location, test.Name, Suggestions.DidYouMean(test.Name, flags.Keys));
                    }
                }

                break;
        }

        return _diagnostics.Count == before;
    }

    private void CheckSource(SourceModel source, UdmTarget target, PathRef where)
    {
        foreach (var condition in source.When)
        {
            CheckCondition(condition);
        }

        if (source.Extract is not null)
        {
            RegexIndex(source.Extract, source.ExtractLocation!);
        }

        if (target.Shape is TargetShape.LabelList or TargetShape.Struct)
        {
            return;
        }

        if (source.Convert is not null)
        {
            if (!Conversions.TryGetValue(source.Convert, out var conversion))
            {
                Report(DiagnosticCatalog.InvalidRule, source.ConvertLocation!, $"unknown conversion '{source.Convert}'; known: {string.Join(", ", Conversions.Keys)}{Suggestions.DidYouMean(source.Convert, Conversions.Keys)}");
            }
            else if (conversion.Produces != target.ScalarType)
            {
                Mismatch(where, target, $"'convert: {source.Convert}' of {source.Path.Path} produces {conversion.Produces}");
            }

            return;
        }

        if (target.IsEnum)
        {
            Mismatch(where, target, $"{source.Path.Path} is copied as text, but an enum field takes constants ('const' or 'cases')");
        }
        else if (target.ScalarType != "string")
        {
            var convert = Conversions.First(c => c.Value.Produces == target.ScalarType).Key;
            Mismatch(where, target, $"text from {source.Path.Path} cannot be written to a {target.ScalarType} field without a conversion; add 'convert: {convert}'");
        }
    }

    private void CheckCondition(ConditionModel condition)
    {
        if (condition.Operator == "matches")
        {
            RegexIndex(condition.Operand, condition.OperandLocation);
        }
    }

    private void CheckConstant(string value, LocationInfo location, UdmTarget target)
    {
        if (target.IsEnum)
        {
            var values = _catalog.Enum(target.EnumName)?.Values ?? EquatableArray<string>.Empty;
            if (!values.Contains(value))
            {
                Report(DiagnosticCatalog.UnknownEnumValue, location, value, target.EnumName, target.CanonicalPath, Suggestions.DidYouMean(value, values));
            }
        }
        else if (target.ScalarType != "string")
        {
            Report(DiagnosticCatalog.TypeMismatch, location, target.CanonicalPath, target.Describe(), "constants can be written to string and enum fields only");
        }
    }

    private List<(string? Literal, string? Path)> ParseFormat(string format, LocationInfo location)
    {
        var parts = new List<(string?, string?)>();
        var position = 0;
        while (position < format.Length)
        {
            var open = format.IndexOf("%{", position, StringComparison.Ordinal);
            if (open < 0)
            {
                parts.Add((format.Substring(position), null));
                break;
            }

            if (open > position)
            {
                parts.Add((format.Substring(position, open - position), null));
            }

            var close = format.IndexOf('}', open);
            if (close < 0 || close == open + 2)
            {
                Report(DiagnosticCatalog.InvalidRule, location, $"format '{format}' has an unterminated or empty %{{...}} placeholder");
                return parts;
            }

            parts.Add((null, format.Substring(open + 2, close - open - 2)));
            position = close + 1;
        }

        if (parts.All(p => p.Item2 is null))
        {
            Report(DiagnosticCatalog.InvalidRule, location, $"format '{format}' has no %{{field}} placeholder; use 'const' for fixed text");
        }

        return parts;
    }

    private void CheckConflicts(List<(RuleModel Rule, UdmTarget Target)> resolved)
    {
        foreach (var group in resolved.GroupBy(r => r.Target.CanonicalPath))
        {
            var rules = group.ToList();
            var shape = rules[0].Target.Shape;
            if (shape == TargetShape.Scalar && rules.Count > 1)
            {
                var distinct = rules.All(r => r.Rule.Priority is not null) && rules.Select(r => r.Rule.Priority).Distinct().Count() == rules.Count;
                var withCases = rules.Any(r => r.Rule.Construct == ValueConstruct.Cases);
                if (!distinct || withCases)
                {
                    for (var i = 0; i < rules.Count; i++)
                    {
                        var other = rules[i == 0 ? 1 : 0].Rule;
                        Report(DiagnosticCatalog.ConflictingRules, rules[i].Rule.Target.Location, group.Key, other.Target.Location.Display);
                    }
                }
            }

            if (shape is TargetShape.LabelList or TargetShape.Struct)
            {
                var seen = new Dictionary<string, LocationInfo>(StringComparer.Ordinal);
                foreach (var source in rules.SelectMany(r => r.Rule.Sources))
                {
                    var key = SpecLayout.LabelKey(source);
                    if (seen.TryGetValue(key, out var first))
                    {
                        Report(DiagnosticCatalog.DuplicateLabelKey, source.Path.Location, key, group.Key, first.Display);
                        Report(DiagnosticCatalog.DuplicateLabelKey, first, key, group.Key, source.Path.Location.Display);
                    }
                    else
                    {
                        seen[key] = source.Path.Location;
                    }
                }
            }
        }
    }

    private List<StepSpec> BuildSteps(List<(RuleModel Rule, UdmTarget Target)> resolved, OutputLayout output, Dictionary<string, FlagModel> flags)
    {
        var steps = new List<StepSpec>();
        var flagIndex = flags.Keys.Select((name, index) => (name, index)).ToDictionary(f => f.name, f => f.index);
        var caseSteps = new List<StepSpec>();
        foreach (var group in resolved.GroupBy(r => r.Target.CanonicalPath))
        {
            var range = output.PositionsOf(group.Key)!;
            var target = group.First().Target;
            if (target.Shape == TargetShape.Scalar)
            {
                // Precedence: the highest priority first; each later alternative only fills what is still empty.
                var ordered = group.OrderByDescending(r => r.Rule.Priority ?? 0).ToList();
                var first = ordered[0].Rule;
                if (first.Construct == ValueConstruct.Cases)
                {
                    caseSteps.Add(new StepSpec(
                        StepKind.Cases, range.Start, range.Start, EquatableArray<ValueSpec>.Empty,
                        first.Cases.Select(c => new CaseSpec(c.Tests.Select(t => new FlagTestSpec(flagIndex[t.Name], t.Negated)).ToEquatableArray(), _layout.Constant(c.Value))).ToEquatableArray(),
                        Conditions(first.Guard), Comment(first)));
                    continue;
                }

                var alternatives = ordered.SelectMany(r => Alternatives(r.Rule, target)).ToEquatableArray();
                steps.Add(new StepSpec(StepKind.FirstValue, range.Start, range.Start, alternatives, EquatableArray<CaseSpec>.Empty, EquatableArray<ConditionSpec>.Empty, string.Join("; ", ordered.Select(r => Comment(r.Rule)))));
                continue;
            }

            var position = range.Start;
            foreach (var (rule, _) in group)
            {
                if (rule.Construct is ValueConstruct.Merge or ValueConstruct.Labels)
                {
                    foreach (var source in rule.Sources)
                    {
                        var kind = rule.Construct == ValueConstruct.Merge ? StepKind.ListItem : StepKind.FirstValue;
                        steps.Add(new StepSpec(kind, position++, range.Start, new[] { SourceValue(source, target) }.ToEquatableArray(), EquatableArray<CaseSpec>.Empty, EquatableArray<ConditionSpec>.Empty, Comment(rule)));
                    }
                }
                else
                {
                    steps.Add(new StepSpec(StepKind.ListItem, position++, range.Start, Alternatives(rule, target).ToEquatableArray(), EquatableArray<CaseSpec>.Empty, EquatableArray<ConditionSpec>.Empty, Comment(rule)));
                }
            }
        }

        steps.AddRange(caseSteps);
        return steps;
    }

    private IEnumerable<ValueSpec> Alternatives(RuleModel rule, UdmTarget target)
    {
        switch (rule.Construct)
        {
            case ValueConstruct.Const:
                yield return new ValueSpec(ValueSpecKind.Constant, -1, ConversionKind.Text, -1, _layout.Constant(rule.Text!), EquatableArray<FormatPartSpec>.Empty, Conditions(rule.Guard));
                break;
            case ValueConstruct.Format:
                var parts = ParseFormat(rule.Text!, rule.TextLocation!)
                    .Select(p => p.Literal is not null ? new FormatPartSpec(_layout.Constant(p.Literal), -1) : new FormatPartSpec(-1, _layout.Slot(p.Path!)));
                yield return new ValueSpec(ValueSpecKind.Format, -1, ConversionKind.Text, -1, -1, parts.ToEquatableArray(), Conditions(rule.Guard));
                break;
            default:
                foreach (var source in rule.Sources)
                {
                    yield return SourceValue(source, target);
                }

                break;
        }
    }

    private ValueSpec SourceValue(SourceModel source, UdmTarget target)
    {
        var conversion = source.Convert is not null && target.Shape is TargetShape.Scalar or TargetShape.Repeated
            ? Conversions[source.Convert].Kind
            : ConversionKind.Text;
        var conditions = source.When.Select(c => Condition(c, source.Path.Path)).ToEquatableArray();
        var extract = source.Extract is null ? -1 : RegexIndex(source.Extract, source.ExtractLocation!);
        return new ValueSpec(ValueSpecKind.Slot, _layout.Slot(source.Path.Path), conversion, extract, -1, EquatableArray<FormatPartSpec>.Empty, conditions);
    }

    private EquatableArray<ConditionSpec> Conditions(EquatableArray<ConditionModel> conditions) =>
        conditions.Where(c => c.Field is not null).Select(c => Condition(c, c.Field!.Path)).ToEquatableArray();

    private ConditionSpec Condition(ConditionModel condition, string defaultPath)
    {
        var slot = _layout.Slot(condition.Field?.Path ?? defaultPath);
        return condition.Operator == "matches"
            ? new ConditionSpec(slot, IsRegex: true, RegexIndex(condition.Operand, condition.OperandLocation))
            : new ConditionSpec(slot, IsRegex: false, _layout.Constant(condition.Operand));
    }

    private FlagSpec BuildFlag(FlagModel flag, OutputLayout output)
    {
        var ranges = new List<RangeSpec>();
        foreach (var path in flag.AnySet)
        {
            var walked = _catalog.TryWalk(path, [], out var steps);
            var canonical = walked ? string.Join(".", steps.Select(s => s.Field.Name)) : path.Path;
            if (output.PositionsOf(canonical) is { } range)
            {
                ranges.Add(range);
            }
            else if (walked)
            {
                Report(DiagnosticCatalog.FlagNeverSet, path.Location, flag.Name, path.Path);
            }
        }

        return new FlagSpec(flag.Name, ranges.ToEquatableArray());
    }

    private int RegexIndex(string pattern, LocationInfo location)
    {
        if (_regexes.TryGetValue(pattern, out var index))
        {
            return index;
        }

        try
        {
            _ = new Regex(pattern, RegexOptions.CultureInvariant);
        }
        catch (ArgumentException ex)
        {
            Report(DiagnosticCatalog.InvalidRegex, location, pattern, ex.Message);
            return -1;
        }

        index = _regexes.Count;
        _regexes[pattern] = index;
        return index;
    }

    private static string Comment(RuleModel rule) => $"{rule.Target.Path} ({System.IO.Path.GetFileName(rule.Location.FilePath)}:{rule.Location.StartLine + 1})";

    private void Mismatch(PathRef where, UdmTarget target, string why) =>
        Report(DiagnosticCatalog.TypeMismatch, where.Location, where.Path, target.Describe(), why);

    private void Report(Microsoft.CodeAnalysis.DiagnosticDescriptor descriptor, LocationInfo location, params string[] arguments) =>
        _diagnostics.Add(DiagnosticInfo.Create(descriptor, location, arguments));
}
