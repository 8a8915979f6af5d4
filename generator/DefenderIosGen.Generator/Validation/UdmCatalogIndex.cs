using System.Collections.Generic;
using System.Linq;
using DefenderIosGen.Generator.Diagnostics;
using DefenderIosGen.Generator.Model;

namespace DefenderIosGen.Generator.Validation;

/// <summary>Resolves dotted UDM paths against the catalog, with "did you mean" hints for typos.</summary>
internal sealed class UdmCatalogIndex
{
    private static readonly HashSet<string> WritableScalars = ["string", "bool", "int32", "int64", "uint32", "uint64", "Timestamp"];

    private readonly Dictionary<string, CatalogMessage> _messages;
    private readonly Dictionary<string, CatalogEnum> _enums;
    private readonly string _root;

    public UdmCatalogIndex(UdmCatalog catalog)
    {
        _messages = catalog.Messages.ToDictionary(m => m.Name);
        _enums = catalog.Enums.ToDictionary(e => e.Name);
        _root = catalog.Root;
    }

    public CatalogEnum? Enum(string name) => _enums.TryGetValue(name, out var value) ? value : null;

    /// <summary>The field order of a message, so output follows the proto's order whatever order rules are in.</summary>
    public int FieldIndex(string messageName, string field)
    {
        var fields = _messages[messageName].Fields;
        for (var i = 0; i < fields.Count; i++)
        {
            if (fields[i].Name == field)
            {
                return i;
            }
        }

        return int.MaxValue;
    }

    /// <summary>Walks a path; any message on the way is accepted (flags test whole messages).</summary>
    public bool TryWalk(PathRef path, List<DiagnosticInfo> diagnostics, out List<(string Message, CatalogField Field)> steps)
    {
        steps = [];
        var message = _root;
        var segments = path.Path.Split('.');
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            if (message is null)
            {
                var previous = steps[steps.Count - 1].Field;
                // The seed writes "additional.fields": the Struct's fields are the Struct itself in JSON.
                if (previous.Type == "Struct" && segment == "fields" && i == segments.Length - 1)
                {
                    return true;
                }

                diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.UnknownUdmField, path.Location, path.Path, $"'{string.Join(".", segments.Take(i))}' ({previous.Type})", segment, ""));
                return false;
            }

            var fields = _messages[message].Fields;
            var field = fields.FirstOrDefault(f => f.Name == segment);
            if (field is null)
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticCatalog.UnknownUdmField,
                    path.Location,
                    path.Path,
                    i == 0 ? $"the UDM event ({_root})" : $"'{string.Join(".", segments.Take(i))}' ({message})",
                    segment,
                    Suggestions.DidYouMean(string.Join(".", segments.Take(i + 1)), fields.Select(f => string.Join(".", segments.Take(i).Concat([f.Name]))))));
                return false;
            }

            steps.Add((message, field));
            message = field.IsMap || !_messages.ContainsKey(field.Type) || field.Type == "Label" ? null : field.Type;
        }

        return true;
    }

    /// <summary>Resolves a rule target to a writable leaf, reporting why when it is not one.</summary>
    public UdmTarget? ResolveTarget(PathRef path, List<DiagnosticInfo> diagnostics)
    {
        if (!TryWalk(path, diagnostics, out var steps))
        {
            return null;
        }

        var segments = steps
            .Select((s, i) => new TargetSegment(s.Field.Name, s.Field.Repeated && i < steps.Count - 1))
            .ToList();
        var canonical = string.Join(".", steps.Select(s => s.Field.Name));
        var leaf = steps[steps.Count - 1].Field;
        if (leaf.IsMap || leaf.Type.StartsWith("external ", System.StringComparison.Ordinal))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.UnsupportedTarget, path.Location, path.Path, $"its type ({leaf.Type}) is defined outside the UDM catalog"));
            return null;
        }

        if (leaf.Type == "Label")
        {
            if (leaf.Repeated)
            {
                return new UdmTarget(canonical, segments, TargetShape.LabelList, "Label");
            }

            diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.UnsupportedTarget, path.Location, path.Path, "a single Label is not supported; write to a Label list"));
            return null;
        }

        if (leaf.Type == "Struct")
        {
            return new UdmTarget(canonical, segments, TargetShape.Struct, "Struct");
        }

        if (_messages.TryGetValue(leaf.Type, out var message))
        {
            var examples = string.Join(", ", message.Fields.Take(4).Select(f => path.Path + "." + f.Name));
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.UnsupportedTarget, path.Location, path.Path, $"it is a message ({leaf.Type}); write one of its fields, such as {examples}"));
            return null;
        }

        if (!WritableScalars.Contains(leaf.Type) && !leaf.Type.StartsWith("enum ", System.StringComparison.Ordinal))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.UnsupportedTarget, path.Location, path.Path, $"fields of type {leaf.Type} are not supported by the rule language"));
            return null;
        }

        return new UdmTarget(canonical, segments, leaf.Repeated ? TargetShape.Repeated : TargetShape.Scalar, leaf.Type);
    }

    /// <summary>The message that holds the field at the end of the given canonical path prefix.</summary>
    public string MessageAt(IReadOnlyList<TargetSegment> segments, int count)
    {
        var message = _root;
        for (var i = 0; i < count; i++)
        {
            message = _messages[message].Fields.First(f => f.Name == segments[i].Name).Type;
        }

        return message;
    }
}
