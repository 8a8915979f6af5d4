using System.Text;
using System.Text.Json.Nodes;
using DefenderIosGen.Mapping;

namespace DefenderIosGen.Tests.Mapping;

/// <summary>The comma-first writer: whatever containers are opened, filled or left empty, the output is the JSON meant.</summary>
public sealed class UdmJsonWriterTests
{
    private static readonly byte[] A = UdmJsonWriter.EncodeName("a");
    private static readonly byte[] B = UdmJsonWriter.EncodeName("b");
    private static readonly byte[] List = UdmJsonWriter.EncodeName("list");

    [Fact]
    public void Containers_get_their_brackets_from_the_first_child_comma()
    {
        var writer = new UdmJsonWriter();
        var root = writer.Position;
        var a = writer.Open(A);
        writer.SafeStringMember(B, "x"u8);
        var list = writer.Open(List);
        writer.SafeStringMember(UdmJsonWriter.ItemPrefix, "1"u8);
        writer.StringMember(UdmJsonWriter.ItemPrefix, "two \"quoted\""u8);
        var item = writer.OpenItem();
        writer.Raw(B);
        writer.Number(3);
        writer.CloseObject(item);
        writer.CloseArray(list);
        writer.CloseObject(a);
        writer.StringMember(B, "tab\there"u8);
        writer.CloseObject(root);

        var expected = new JsonObject
        {
            ["a"] = new JsonObject { ["b"] = "x", ["list"] = new JsonArray("1", "two \"quoted\"", new JsonObject { ["b"] = 3 }) },
            ["b"] = "tab\there",
        };
        Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(writer.Written)), Encoding.UTF8.GetString(writer.Written));
    }

    [Fact]
    public void Containers_left_empty_are_written_empty()
    {
        var writer = new UdmJsonWriter();
        var root = writer.Position;
        writer.CloseObject(writer.Open(A));
        writer.CloseArray(writer.Open(List));
        writer.CloseObject(root);
        Assert.Equal("{\"a\":{},\"list\":[]}", Encoding.UTF8.GetString(writer.Written));

        writer.Reset();
        writer.CloseObject(writer.Position);
        Assert.Equal("{}", Encoding.UTF8.GetString(writer.Written));
    }

    [Fact]
    public void Label_prefixes_make_label_objects()
    {
        var writer = new UdmJsonWriter();
        var root = writer.Position;
        var labels = writer.Open(List);
        writer.StringMember(UdmJsonWriter.EncodeLabelPrefix("k\"1"), "v"u8);
        writer.Raw("}"u8);
        writer.CloseArray(labels);
        writer.CloseObject(root);
        var parsed = JsonNode.Parse(writer.Written)!;
        Assert.Equal("k\"1", parsed["list"]![0]!["key"]!.GetValue<string>());
        Assert.Equal("v", parsed["list"]![0]!["value"]!.GetValue<string>());
    }

    [Fact]
    public void Only_text_without_quote_backslash_or_control_characters_is_json_safe()
    {
        Assert.True(UdmJsonWriter.IsJsonSafe(Encoding.UTF8.GetBytes("plain ü 日本 / ok")));
        Assert.False(UdmJsonWriter.IsJsonSafe(Encoding.UTF8.GetBytes("a\"b")));
        Assert.False(UdmJsonWriter.IsJsonSafe(Encoding.UTF8.GetBytes("a\\b")));
        Assert.False(UdmJsonWriter.IsJsonSafe(Encoding.UTF8.GetBytes("a\nb")));
        Assert.False(UdmJsonWriter.IsJsonSafe([0x1f]));
    }
}
