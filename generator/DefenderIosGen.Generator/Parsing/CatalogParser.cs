using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using DefenderIosGen.Generator.Diagnostics;
using DefenderIosGen.Generator.Model;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace DefenderIosGen.Generator.Parsing;

/// <summary>Reads udm-catalog.yaml (written by the catalog tool) into the equatable catalog model.</summary>
internal static class CatalogParser
{
    public static UdmCatalog Parse(string path, string text)
    {
        var diagnostics = new List<DiagnosticInfo>();
        var messages = new List<CatalogMessage>();
        var enums = new List<CatalogEnum>();
        var root = "";
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode top)
            {
                throw new FormatException("the catalog must be a mapping with 'root', 'messages' and 'enums'");
            }

            root = (top.Children.TryGetValue(new YamlScalarNode("root"), out var rootNode) ? (rootNode as YamlScalarNode)?.Value : null)
                ?? throw new FormatException("'root' is missing");
            if (top.Children.TryGetValue(new YamlScalarNode("messages"), out var messagesNode) && messagesNode is YamlMappingNode messageMap)
            {
                foreach (var entry in messageMap.Children)
                {
                    var fields = new List<CatalogField>();
                    if (entry.Value is YamlMappingNode fieldMap)
                    {
                        foreach (var field in fieldMap.Children)
                        {
                            fields.Add(ParseField(((YamlScalarNode)field.Key).Value!, ((YamlScalarNode)field.Value).Value!));
                        }
                    }

                    messages.Add(new CatalogMessage(((YamlScalarNode)entry.Key).Value!, fields.ToEquatableArray()));
                }
            }

            if (top.Children.TryGetValue(new YamlScalarNode("enums"), out var enumsNode) && enumsNode is YamlMappingNode enumMap)
            {
                foreach (var entry in enumMap.Children)
                {
                    var values = ((YamlSequenceNode)entry.Value).Children.Select(v => ((YamlScalarNode)v).Value!);
                    enums.Add(new CatalogEnum(((YamlScalarNode)entry.Key).Value!, values.ToEquatableArray()));
                }
            }

            if (!messages.Any(m => m.Name == root))
            {
                throw new FormatException($"the root message '{root}' is not listed under 'messages'");
            }
        }
        catch (YamlException ex)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.YamlSyntaxError, YamlLocations.Between(path, ex.Start, ex.End), ex.Message));
        }
        catch (Exception ex) when (ex is FormatException or InvalidCastException or NullReferenceException)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.CatalogProblem, LocationInfo.StartOfFile(path), ex.Message));
        }

        return new UdmCatalog(path, root, messages.ToEquatableArray(), enums.ToEquatableArray(), diagnostics.ToEquatableArray());
    }

    private static CatalogField ParseField(string name, string type)
    {
        if (type.StartsWith("repeated ", StringComparison.Ordinal))
        {
            return new CatalogField(name, type.Substring("repeated ".Length), Repeated: true, IsMap: false);
        }

        if (type.StartsWith("map ", StringComparison.Ordinal))
        {
            return new CatalogField(name, type.Substring("map ".Length), Repeated: false, IsMap: true);
        }

        return new CatalogField(name, type, Repeated: false, IsMap: false);
    }
}
