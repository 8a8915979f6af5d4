using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DefenderIosGen.Mapping;

namespace DefenderIosGen.Tests.Mapping;

/// <summary>Builds Defender records in the export envelope and maps them; test-side JSON trees are fine here.</summary>
internal static class Records
{
    /// <summary>A record with the envelope fields and the given properties (a JSON object literal's members).</summary>
    public static string Envelope(string properties, string extraEnvelope = "") =>
        "{\"time\":\"2026-07-18T14:08:56.6530000Z\",\"tenantId\":\"t-1\",\"operationName\":\"Publish\",\"category\":\"AdvancedHunting-DeviceEvents\"," +
        (extraEnvelope.Length > 0 ? extraEnvelope + "," : "") +
        "\"properties\":{" + properties + "}}";

    public static JsonObject Map(string record)
    {
        var mapper = new UdmMapper();
        var result = mapper.Map(Encoding.UTF8.GetBytes(record));
        Assert.True(result.Success, $"{result.Error}: {result.ErrorDetail}");
        return JsonNode.Parse(result.UdmEvent)!.AsObject();
    }

    public static JsonObject MapProperties(string properties) => Map(Envelope(properties));

    public static string? At(JsonObject udm, string path)
    {
        JsonNode? node = udm;
        foreach (var segment in path.Split('.'))
        {
            node = node switch
            {
                JsonObject o => o[segment],
                JsonArray a when int.TryParse(segment, out var i) && i < a.Count => a[i],
                _ => null,
            };
            if (node is null)
            {
                return null;
            }
        }

        return node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : node.ToJsonString();
    }

    public static string[] Strings(JsonObject udm, string path) =>
        At(udm, path) is { } json && json.StartsWith('[') ? JsonSerializer.Deserialize<string[]>(json)! : [];

    /// <summary>The label values of a Label list, by key.</summary>
    public static Dictionary<string, string> Labels(JsonObject udm, string path) =>
        At(udm, path) is { } json
            ? JsonNode.Parse(json)!.AsArray().ToDictionary(l => l!["key"]!.GetValue<string>(), l => l!["value"]!.GetValue<string>())
            : [];
}
