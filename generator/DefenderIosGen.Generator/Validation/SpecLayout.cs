using System;
using System.Collections.Generic;
using System.Linq;
using DefenderIosGen.Generator.Model;

namespace DefenderIosGen.Generator.Validation;

/// <summary>Numbers the mapper's inputs: a slot per source path, a table of constants, the embedded-JSON fields.</summary>
internal sealed class SpecLayout
{
    private readonly Dictionary<string, int> _slots = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _constants = new(StringComparer.Ordinal);
    private readonly HashSet<string> _embedded = new(StringComparer.Ordinal);

    public List<string> SlotPaths { get; } = [];

    public List<string> Constants { get; } = [];

    public static string LabelKey(SourceModel source) => source.LabelKey ?? source.Path.Path.Substring(source.Path.Path.LastIndexOf('.') + 1);

    public void DeclareEmbedded(string path) => _embedded.Add(path);

    public int Slot(string path)
    {
        if (!_slots.TryGetValue(path, out var index))
        {
            index = SlotPaths.Count;
            _slots[path] = index;
            SlotPaths.Add(path);
        }

        return index;
    }

    public int Constant(string text)
    {
        if (!_constants.TryGetValue(text, out var index))
        {
            index = Constants.Count;
            _constants[text] = index;
            Constants.Add(text);
        }

        return index;
    }

    /// <summary>The reader's object tree: node 0 is the record; a property is captured, descended into, or both.</summary>
    public EquatableArray<InputNodeSpec> BuildInputNodes()
    {
        var nodes = new List<List<InputChildSpec>> { new() };
        var nodeOfPrefix = new Dictionary<string, int>(StringComparer.Ordinal) { [""] = 0 };
        foreach (var path in SlotPaths.OrderBy(p => p, StringComparer.Ordinal))
        {
            var segments = path.Split('.');
            var prefix = "";
            for (var i = 0; i < segments.Length; i++)
            {
                var parentNode = nodeOfPrefix[prefix];
                prefix = prefix.Length == 0 ? segments[i] : prefix + "." + segments[i];
                var isLeaf = i == segments.Length - 1;
                var children = nodes[parentNode];
                var existing = children.FindIndex(c => c.Name == segments[i]);
                var child = existing >= 0 ? children[existing] : new InputChildSpec(segments[i], -1, -1, _embedded.Contains(prefix));
                if (isLeaf)
                {
                    child = child with { Slot = _slots[path] };
                }
                else if (child.Node < 0)
                {
                    child = child with { Node = nodes.Count };
                    nodeOfPrefix[prefix] = nodes.Count;
                    nodes.Add([]);
                }

                if (existing >= 0)
                {
                    children[existing] = child;
                }
                else
                {
                    children.Add(child);
                }
            }
        }

        return nodes.Select((children, id) => new InputNodeSpec(id, children.ToEquatableArray())).ToEquatableArray();
    }
}

/// <summary>The UDM output tree, with each node's values at contiguous positions in proto field order.</summary>
internal sealed class OutputLayout
{
    private readonly Dictionary<string, RangeSpec> _ranges = new(StringComparer.Ordinal);

    private OutputLayout()
    {
    }

    public OutputNodeSpec Root { get; private set; } = null!;

    public int ValueCount { get; private set; }

    public RangeSpec? PositionsOf(string canonicalPath) => _ranges.TryGetValue(canonicalPath, out var range) ? range : null;

    public static OutputLayout Build(List<(RuleModel Rule, UdmTarget Target)> resolved, UdmCatalogIndex catalog)
    {
        var root = new Node("", OutputKind.Message, "", 0);
        foreach (var (rule, target) in resolved)
        {
            var node = root;
            for (var i = 0; i < target.Segments.Count; i++)
            {
                var segment = target.Segments[i];
                var isLeaf = i == target.Segments.Count - 1;
                if (!node.Children.TryGetValue(segment.Name, out var child))
                {
                    var kind = !isLeaf
                        ? segment.RepeatedMessage ? OutputKind.RepeatedMessage : OutputKind.Message
                        : target.Shape switch
                        {
                            TargetShape.Repeated => OutputKind.Repeated,
                            TargetShape.LabelList => OutputKind.LabelList,
                            TargetShape.Struct => OutputKind.Struct,
                            _ => OutputKind.Scalar,
                        };
                    var order = catalog.FieldIndex(catalog.MessageAt(target.Segments, i), segment.Name);
                    child = new Node(segment.Name, kind, node.Path.Length == 0 ? segment.Name : node.Path + "." + segment.Name, order);
                    node.Children[segment.Name] = child;
                }

                node = child;
            }

            switch (target.Shape)
            {
                case TargetShape.Scalar:
                    node.Count = 1;
                    break;
                case TargetShape.Repeated:
                    node.Count += rule.Construct == ValueConstruct.Merge ? rule.Sources.Count : 1;
                    break;
                default:
                    node.Count += rule.Sources.Count;
                    node.Keys.AddRange(rule.Sources.Select(SpecLayout.LabelKey));
                    break;
            }
        }

        var layout = new OutputLayout();
        var next = 0;
        layout.Root = layout.Assign(root, ref next);
        layout.ValueCount = next;
        return layout;
    }

    private OutputNodeSpec Assign(Node node, ref int next)
    {
        var start = next;
        var children = new List<OutputNodeSpec>();
        foreach (var child in node.Children.Values.OrderBy(c => c.Order).ThenBy(c => c.Name, StringComparer.Ordinal))
        {
            children.Add(Assign(child, ref next));
        }

        next += node.Count;
        var range = new RangeSpec(start, next);
        if (node.Path.Length > 0)
        {
            _ranges[node.Path] = range;
        }

        return new OutputNodeSpec(JsonName(node.Name), node.Kind, start, next, children.ToEquatableArray(), node.Keys.ToEquatableArray());
    }

    /// <summary>proto3 JSON names: snake_case becomes lowerCamelCase.</summary>
    public static string JsonName(string protoName)
    {
        var result = new System.Text.StringBuilder(protoName.Length);
        var upper = false;
        foreach (var c in protoName)
        {
            if (c == '_')
            {
                upper = true;
                continue;
            }

            result.Append(upper ? char.ToUpperInvariant(c) : c);
            upper = false;
        }

        return result.ToString();
    }

    private sealed class Node(string name, OutputKind kind, string path, int order)
    {
        public string Name { get; } = name;

        public OutputKind Kind { get; } = kind;

        public string Path { get; } = path;

        public int Order { get; } = order;

        public Dictionary<string, Node> Children { get; } = new(StringComparer.Ordinal);

        public int Count { get; set; }

        public List<string> Keys { get; } = [];
    }
}
