using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using DefenderIosGen.Generator.Diagnostics;
using DefenderIosGen.Generator.Model;
using DefenderIosGen.Generator.Validation;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace DefenderIosGen.Generator.Parsing;

/// <summary>
/// Reads one rule file into <see cref="RuleFileModel"/>. It checks the shape of what is written (known keys,
/// one value construct per rule); whether targets exist in UDM and rules agree is the validator's job, which
/// sees all files at once.
/// </summary>
internal sealed class RuleFileParser
{
    private static readonly string[] TopLevelKeys = ["embedded_json", "flags", "rules"];
    private static readonly string[] RuleKeys = ["to", "from", "first_of", "merge", "labels", "const", "format", "cases", "when", "convert", "extract", "priority", "note"];
    private static readonly string[] SourceKeys = ["from", "when", "convert", "extract"];
    private static readonly string[] LabelKeys = ["from", "key", "when", "convert", "extract"];
    private static readonly string[] ConditionKeys = ["field", "equals", "matches"];
    private static readonly string[] CaseKeys = ["if", "value"];
    private static readonly string[] FlagKeys = ["any_set"];
    private static readonly string[] Constructs = ["from", "first_of", "merge", "labels", "const", "format", "cases"];

    private readonly string _path;
    private readonly List<DiagnosticInfo> _diagnostics = [];

    private RuleFileParser(string path) => _path = path;

    public static RuleFileModel Parse(string path, string text) => new RuleFileParser(path).ParseFile(text);

    private RuleFileModel ParseFile(string text)
    {
        var rules = new List<RuleModel>();
        var flags = new List<FlagModel>();
        var embedded = new List<PathRef>();
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            if (stream.Documents.Count > 0 && stream.Documents[0].RootNode is YamlMappingNode top)
            {
                foreach (var entry in top.Children)
                {
                    var key = KeyOf(entry.Key);
                    switch (key)
                    {
                        case "embedded_json":
                            embedded.AddRange(Sequence(entry.Value, "embedded_json").Select(PathOf).Where(p => p is not null)!);
                            break;
                        case "flags":
                            flags.AddRange(ParseFlags(entry.Value));
                            break;
                        case "rules":
                            rules.AddRange(Sequence(entry.Value, "rules").Select(ParseRule).Where(r => r is not null)!);
                            break;
                        default:
                            ReportUnknownKey(entry.Key, key, "a rule file", TopLevelKeys);
                            break;
                    }
                }
            }
            else if (stream.Documents.Count > 0 && stream.Documents[0].RootNode is not YamlScalarNode { Value: "" or null })
            {
                Report(DiagnosticCatalog.InvalidRule, stream.Documents[0].RootNode, "a rule file is a mapping with 'rules' (and optionally 'flags' and 'embedded_json')");
            }
        }
        catch (YamlException ex)
        {
            _diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.YamlSyntaxError, YamlLocations.Between(_path, ex.Start, ex.End), ex.Message));
        }

        return new RuleFileModel(_path, rules.ToEquatableArray(), flags.ToEquatableArray(), embedded.ToEquatableArray(), _diagnostics.ToEquatableArray());
    }

    private IEnumerable<FlagModel> ParseFlags(YamlNode node)
    {
        if (node is not YamlMappingNode map)
        {
            Report(DiagnosticCatalog.InvalidRule, node, "'flags' maps each flag name to { any_set: [UDM fields] }");
            yield break;
        }

        foreach (var entry in map.Children)
        {
            var name = KeyOf(entry.Key);
            if (entry.Value is not YamlMappingNode body || !TryGet(body, "any_set", out var anySet))
            {
                Report(DiagnosticCatalog.InvalidRule, entry.Value, $"flag '{name}' needs 'any_set: [UDM fields]'");
                continue;
            }

            CheckKeys(body, $"flag '{name}'", FlagKeys);
            var paths = Sequence(anySet, "any_set").Select(PathOf).Where(p => p is not null).Select(p => p!);
            yield return new FlagModel(name, paths.ToEquatableArray(), Loc(entry.Key));
        }
    }

    private RuleModel? ParseRule(YamlNode node)
    {
        if (node is not YamlMappingNode map)
        {
            Report(DiagnosticCatalog.InvalidRule, node, "each rule is a mapping with 'to' and one of: " + string.Join(", ", Constructs));
            return null;
        }

        CheckKeys(map, "a rule", RuleKeys);
        if (!TryGet(map, "to", out var toNode) || PathOf(toNode) is not { } target)
        {
            Report(DiagnosticCatalog.InvalidRule, map, "the rule has no 'to' (the UDM field it writes)");
            return null;
        }

        var present = map.Children.Where(c => Constructs.Contains(KeyOf(c.Key))).ToList();
        if (present.Count != 1)
        {
            var message = present.Count == 0
                ? $"the rule for '{target.Path}' has no value: give one of {string.Join(", ", Constructs)}"
                : $"the rule for '{target.Path}' has {string.Join(" and ", present.Select(p => KeyOf(p.Key)))}; give exactly one";
            Report(DiagnosticCatalog.InvalidRule, present.Count == 0 ? map : present[1].Key, message);
            return null;
        }

        var ruleWhen = TryGet(map, "when", out var whenNode) ? ParseConditions(whenNode) : [];
        var ruleConvert = ScalarEntry(map, "convert");
        var ruleExtract = ScalarEntry(map, "extract");
        int? priority = null;
        if (ScalarEntry(map, "priority") is { } priorityEntry)
        {
            if (int.TryParse(priorityEntry.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed))
            {
                priority = parsed;
            }
            else
            {
                _diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.InvalidRule, priorityEntry.Location, $"'priority' must be a whole number, not '{priorityEntry.Value}'"));
            }
        }

        var constructKey = KeyOf(present[0].Key);
        var valueNode = present[0].Value;
        var construct = constructKey switch
        {
            "from" => ValueConstruct.From,
            "first_of" => ValueConstruct.FirstOf,
            "merge" => ValueConstruct.Merge,
            "labels" => ValueConstruct.Labels,
            "const" => ValueConstruct.Const,
            "format" => ValueConstruct.Format,
            _ => ValueConstruct.Cases,
        };

        var sources = new List<SourceModel>();
        string? text = null;
        var cases = new List<CaseModel>();
        var guard = new List<ConditionModel>();
        switch (construct)
        {
            case ValueConstruct.From:
                if (PathOf(valueNode) is { } from)
                {
                    sources.Add(new SourceModel(from, ruleWhen.ToEquatableArray(), ruleConvert?.Value, ruleConvert?.Location, ruleExtract?.Value, ruleExtract?.Location, null));
                }

                break;
            case ValueConstruct.FirstOf or ValueConstruct.Merge or ValueConstruct.Labels:
                var isLabels = construct == ValueConstruct.Labels;
                foreach (var item in Sequence(valueNode, constructKey))
                {
                    if (ParseSource(item, isLabels, ruleWhen, ruleConvert, ruleExtract) is { } source)
                    {
                        sources.Add(source);
                    }
                }

                break;
            case ValueConstruct.Const or ValueConstruct.Format:
                text = (valueNode as YamlScalarNode)?.Value;
                if (text is null)
                {
                    Report(DiagnosticCatalog.InvalidRule, valueNode, $"'{constructKey}' takes a single text value");
                }

                guard.AddRange(ruleWhen);
                break;
            default:
                cases.AddRange(Sequence(valueNode, "cases").Select(ParseCase).Where(c => c is not null)!);
                guard.AddRange(ruleWhen);
                break;
        }

        if (guard.FirstOrDefault(c => c.Field is null) is { } unbound)
        {
            _diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.InvalidRule, unbound.OperandLocation, $"a 'when' on a '{constructKey}' rule has no source value to test: name the input with 'field'"));
        }

        return new RuleModel(target, construct, sources.ToEquatableArray(), text, text is null ? null : Loc(valueNode), cases.ToEquatableArray(), guard.ToEquatableArray(), priority, Loc(map));
    }

    private SourceModel? ParseSource(YamlNode item, bool isLabel, List<ConditionModel> ruleWhen, ScalarEntryInfo? ruleConvert, ScalarEntryInfo? ruleExtract)
    {
        if (item is YamlScalarNode)
        {
            return PathOf(item) is { } path
                ? new SourceModel(path, ruleWhen.ToEquatableArray(), ruleConvert?.Value, ruleConvert?.Location, ruleExtract?.Value, ruleExtract?.Location, null)
                : null;
        }

        if (item is not YamlMappingNode map)
        {
            Report(DiagnosticCatalog.InvalidRule, item, "a source is a field path or a mapping with 'from'");
            return null;
        }

        CheckKeys(map, isLabel ? "a label" : "a source", isLabel ? LabelKeys : SourceKeys);
        if (!TryGet(map, "from", out var fromNode) || PathOf(fromNode) is not { } from)
        {
            Report(DiagnosticCatalog.InvalidRule, map, "the source has no 'from' (the input field it reads)");
            return null;
        }

        var when = new List<ConditionModel>(ruleWhen);
        if (TryGet(map, "when", out var whenNode))
        {
            when.AddRange(ParseConditions(whenNode));
        }

        var convert = ScalarEntry(map, "convert") ?? ruleConvert;
        var extract = ScalarEntry(map, "extract") ?? ruleExtract;
        return new SourceModel(from, when.ToEquatableArray(), convert?.Value, convert?.Location, extract?.Value, extract?.Location, ScalarEntry(map, "key")?.Value);
    }

    private List<ConditionModel> ParseConditions(YamlNode node)
    {
        var result = new List<ConditionModel>();
        var items = node is YamlSequenceNode sequence ? sequence.Children : (IList<YamlNode>)[node];
        foreach (var item in items)
        {
            if (item is not YamlMappingNode map)
            {
                Report(DiagnosticCatalog.InvalidRule, item, "'when' is a mapping such as { equals: Inbound } or { field: properties.X, matches: '^a' }");
                continue;
            }

            CheckKeys(map, "a condition", ConditionKeys);
            var field = TryGet(map, "field", out var fieldNode) ? PathOf(fieldNode) : null;
            var tests = map.Children.Where(c => KeyOf(c.Key) is "equals" or "matches").ToList();
            if (tests.Count != 1 || tests[0].Value is not YamlScalarNode operand)
            {
                Report(DiagnosticCatalog.InvalidRule, map, "a condition needs exactly one of 'equals' or 'matches' with a text value");
                continue;
            }

            result.Add(new ConditionModel(field, KeyOf(tests[0].Key), operand.Value ?? "", Loc(operand)));
        }

        return result;
    }

    private CaseModel? ParseCase(YamlNode node)
    {
        if (node is not YamlMappingNode map || !TryGet(map, "value", out var valueNode) || valueNode is not YamlScalarNode value)
        {
            Report(DiagnosticCatalog.InvalidRule, node, "each case is { if: flag or [flags], value: VALUE }; a case without 'if' is the fallback");
            return null;
        }

        CheckKeys(map, "a case", CaseKeys);
        var tests = new List<FlagTestModel>();
        if (TryGet(map, "if", out var ifNode))
        {
            var items = ifNode is YamlSequenceNode sequence ? sequence.Children : (IList<YamlNode>)[ifNode];
            foreach (var item in items)
            {
                if (item is YamlScalarNode { Value: { Length: > 0 } name })
                {
                    var negated = name.StartsWith("not ", StringComparison.Ordinal);
                    tests.Add(new FlagTestModel(negated ? name.Substring(4).Trim() : name.Trim(), negated, Loc(item)));
                }
                else
                {
                    Report(DiagnosticCatalog.InvalidRule, item, "'if' names flags: a flag name, or 'not NAME'");
                }
            }
        }

        return new CaseModel(tests.ToEquatableArray(), value.Value ?? "", Loc(value));
    }

    private sealed record ScalarEntryInfo(string Value, LocationInfo Location);

    private ScalarEntryInfo? ScalarEntry(YamlMappingNode map, string key)
    {
        if (!TryGet(map, key, out var node))
        {
            return null;
        }

        if (node is YamlScalarNode { Value: { } value })
        {
            return new ScalarEntryInfo(value, Loc(node));
        }

        Report(DiagnosticCatalog.InvalidRule, node, $"'{key}' takes a single text value");
        return null;
    }

    private PathRef? PathOf(YamlNode node)
    {
        if (node is YamlScalarNode { Value: { Length: > 0 } value } && !value.Split('.').Any(s => s.Length == 0))
        {
            return new PathRef(value, Loc(node));
        }

        Report(DiagnosticCatalog.InvalidRule, node, "expected a dotted field path such as properties.DeviceName");
        return null;
    }

    private IEnumerable<YamlNode> Sequence(YamlNode node, string key)
    {
        if (node is YamlSequenceNode sequence)
        {
            return sequence.Children;
        }

        Report(DiagnosticCatalog.InvalidRule, node, $"'{key}' takes a list");
        return [];
    }

    private void CheckKeys(YamlMappingNode map, string context, string[] allowed)
    {
        foreach (var entry in map.Children)
        {
            var key = KeyOf(entry.Key);
            if (!allowed.Contains(key))
            {
                ReportUnknownKey(entry.Key, key, context, allowed);
            }
        }
    }

    private void ReportUnknownKey(YamlNode node, string key, string context, string[] allowed) =>
        _diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.UnknownKey, Loc(node), key, context, string.Join(", ", allowed), Suggestions.DidYouMean(key, allowed)));

    private static bool TryGet(YamlMappingNode map, string key, out YamlNode value)
    {
        foreach (var entry in map.Children)
        {
            if (KeyOf(entry.Key) == key)
            {
                value = entry.Value;
                return true;
            }
        }

        value = null!;
        return false;
    }

    private static string KeyOf(YamlNode node) => (node as YamlScalarNode)?.Value ?? "";

    private LocationInfo Loc(YamlNode node) => YamlLocations.Of(_path, node);

    private void Report(Microsoft.CodeAnalysis.DiagnosticDescriptor descriptor, YamlNode node, string message) =>
        _diagnostics.Add(DiagnosticInfo.Create(descriptor, Loc(node), message));
}
