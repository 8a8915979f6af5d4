using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DefenderIosGen.Mapping;

namespace DefenderIosGen.Tests.Mapping;

/// <summary>Whatever a column holds and whatever shape a record has, mapping answers with an event or an error, never an exception.</summary>
public sealed class RobustnessTests
{
    private static readonly string[] AnyJson =
    [
        "1", "-2.5e3", "\"x\"", "\"\"", "null", "true", "false", "{\"a\":[1,{\"b\":null}]}", "[1,\"2\"]", "\"\\u00e9\\\"\\\\\"",
        "\"{\\\"SPF\\\":1}\"", "{}", "[]", "18446744073709551616", "\"S-1-5-18\"",
    ];

    public static TheoryData<string> SourcePaths() => [.. UdmMapper.SourcePaths];

    [Theory]
    [MemberData(nameof(SourcePaths))]
    public void Any_json_type_in_any_column_maps_without_error(string path)
    {
        var mapper = new UdmMapper();
        foreach (var value in AnyJson)
        {
            var record = Nest(path, value);
            var result = mapper.Map(Encoding.UTF8.GetBytes(record));
            Assert.True(result.Success, $"{path} = {value}: {result.ErrorDetail}");
            using var parsed = JsonDocument.Parse(result.UdmEvent.ToArray());
            Assert.Equal(JsonValueKind.Object, parsed.RootElement.ValueKind);
        }
    }

    [Theory]
    [InlineData("", MapError.EmptyRecord)]
    [InlineData("   ", MapError.EmptyRecord)]
    [InlineData("[1,2]", MapError.NotAnObject)]
    [InlineData("42", MapError.NotAnObject)]
    [InlineData("\"text\"", MapError.NotAnObject)]
    [InlineData("{\"properties\":{\"DeviceName\":\"x\"}", MapError.MalformedJson)]
    [InlineData("{\"properties\":{\"DeviceName\":x}}", MapError.MalformedJson)]
    [InlineData("{\"a\":1} {\"b\":2}", MapError.MalformedJson)]
    [InlineData("{\"a\":1}garbage", MapError.MalformedJson)]
    [InlineData("{'a':1}", MapError.MalformedJson)]
    public void Records_that_cannot_be_mapped_say_why(string record, MapError expected)
    {
        var result = new UdmMapper().Map(Encoding.UTF8.GetBytes(record));
        Assert.Equal(expected, result.Error);
        Assert.False(string.IsNullOrEmpty(result.ErrorDetail));
    }

    [Fact]
    public void Nesting_beyond_the_reader_depth_is_an_error_not_a_crash()
    {
        var deep = "{\"properties\":" + new string('[', 100) + new string(']', 100) + "}";
        Assert.Equal(MapError.MalformedJson, new UdmMapper().Map(Encoding.UTF8.GetBytes(deep)).Error);
    }

    [Fact]
    public void Invalid_utf8_in_a_mapped_string_is_reported_not_thrown()
    {
        var bytes = Encoding.UTF8.GetBytes("{\"properties\":{\"DeviceName\":\"ab\"}}");
        bytes[Array.IndexOf(bytes, (byte)'a')] = 0xC3;
        var result = new UdmMapper().Map(bytes);
        Assert.False(result.Success);
        Assert.Equal(MapError.InvalidText, result.Error);
    }

    [Fact]
    public void Escaped_property_names_are_matched()
    {
        var udm = Records.Map("{\"prop\\u0065rties\":{\"Device\\u004eame\":\"iphone\"}}");
        Assert.Equal("iphone", Records.At(udm, "principal.hostname"));
    }

    [Fact]
    public void The_last_of_duplicate_properties_wins()
    {
        Assert.Equal("second", Records.At(Records.MapProperties("\"DeviceName\":\"first\",\"DeviceName\":\"second\""), "principal.hostname"));
    }

    [Fact]
    public void Unknown_columns_and_internal_keys_are_skipped()
    {
        var udm = Records.MapProperties("\"__UDI_RequiredFields_DeviceId\":{\"x\":[1,2,{\"y\":\"z\"}]},\"Unknown\":[{}],\"DeviceName\":\"d\"");
        Assert.Equal("d", Records.At(udm, "principal.hostname"));
        Assert.DoesNotContain("__UDI", udm.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_mapper_reused_across_records_carries_nothing_over()
    {
        var mapper = new UdmMapper();
        var first = mapper.Map(Encoding.UTF8.GetBytes(Records.Envelope("\"DeviceName\":\"first\",\"RemoteUrl\":\"u\""))).UdmEvent.ToArray();
        var second = Encoding.UTF8.GetString(mapper.Map(Encoding.UTF8.GetBytes(Records.Envelope("\"ActionType\":\"x\""))).UdmEvent);
        Assert.Contains("first", Encoding.UTF8.GetString(first), StringComparison.Ordinal);
        Assert.DoesNotContain("first", second, StringComparison.Ordinal);
        Assert.DoesNotContain("\"url\"", second, StringComparison.Ordinal);
    }

    [Fact]
    public void Column_order_does_not_change_the_event()
    {
        // The reader predicts each column from the order it saw last time; records of other tables, shuffled
        // columns and unknown columns in between must only cost a lookup, never change the result.
        string[] columns =
        [
            "\"DeviceName\":\"ipad-01\"", "\"DeviceId\":\"d1\"", "\"RemoteUrl\":\"https://example.org/a\"",
            "\"InitiatingProcessAccountUpn\":\"ann@example.org\"", "\"InitiatingProcessFileSize\":1234",
            "\"ActionType\":\"ConnectionSuccess\"", "\"Unknown\":[1,{\"a\":2}]", "\"SenderIPv4\":\"10.0.0.1\"",
        ];
        var expected = Records.MapProperties(string.Join(",", columns)).ToJsonString();
        var mapper = new UdmMapper();
        var random = new Random(7);
        for (var round = 0; round < 200; round++)
        {
            var shuffled = columns.OrderBy(_ => random.Next()).ToArray();
            var result = mapper.Map(Encoding.UTF8.GetBytes(Records.Envelope(string.Join(",", shuffled))));
            Assert.True(result.Success, result.ErrorDetail);
            Assert.True(
                JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(result.UdmEvent)),
                $"order {string.Join(",", shuffled)} gave {Encoding.UTF8.GetString(result.UdmEvent)}");
        }
    }

    [Theory]
    // JSON string contents as they appear in a record: escaped or not.
    [InlineData(@"plain")]
    [InlineData(@"C:\\Program Files\\App\\app.exe")]
    [InlineData(@"say \""hi\""\tthen\nleave")]
    [InlineData(@"control \u0001 and \u001f")]
    [InlineData(@"caf\u00e9 \ud83d\ude00 \/slash")]
    [InlineData("raw \u00fc and \u65e5\u672c")]
    public void Strings_keep_their_text_whether_or_not_the_input_escaped_it(string jsonContent)
    {
        // What the value is, decoded the way any JSON parser decodes it.
        var text = JsonSerializer.Deserialize<string>("\"" + jsonContent + "\"")!;
        var udm = Records.MapProperties($"\"DeviceName\":\"{jsonContent}\",\"InitiatingProcessCommandLine\":\"{jsonContent}\"");
        Assert.Equal(text, Records.At(udm, "principal.hostname"));
        Assert.Equal(text, Records.At(udm, "principal.process.commandLine"));
    }

    /// <summary>A record with the value at the dotted path (properties.X.Y nests objects).</summary>
    private static string Nest(string path, string value)
    {
        var segments = path.Split('.');
        var json = value;
        for (var i = segments.Length - 1; i >= 0; i--)
        {
            json = $"{{\"{segments[i]}\":{json}}}";
        }

        return json;
    }
}
