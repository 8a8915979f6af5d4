using System.Text;
using DefenderIosGen.Runtime.Records;

namespace DefenderIosGen.Tests.Records;

public sealed class JsonLinesReaderTests
{
    private sealed record Line(string Text, long Number, long Offset, string? Problem, long Length);

    private static List<Line> ReadAll(byte[] input, int maxRecordBytes = 1024, bool completeLinesOnly = false, int chunk = int.MaxValue)
    {
        using var reader = new JsonLinesReader(new TrickleStream(input, chunk), maxRecordBytes, completeLinesOnly: completeLinesOnly);
        var lines = new List<Line>();
        while (reader.TryRead(out var record))
        {
            lines.Add(new Line(Encoding.UTF8.GetString(record.Bytes), record.Line, record.Offset, record.Problem, record.Length));
        }

        return lines;
    }

    [Theory]
    [InlineData(int.MaxValue)]
    [InlineData(1)]
    [InlineData(7)]
    public void Lf_crlf_bom_and_blank_lines_are_handled_whatever_the_read_sizes(int chunk)
    {
        var input = Encoding.UTF8.GetBytes("\uFEFF{\"a\":1}\r\n\r\n{\"b\":2}\n  \n{\"c\":3}");
        var lines = ReadAll(input, chunk: chunk);
        Assert.Equal(["{\"a\":1}", "{\"b\":2}", "{\"c\":3}"], lines.Select(l => l.Text));
        Assert.Equal([1L, 3L, 5L], lines.Select(l => l.Number));
        Assert.Equal([3L, 14L, 25L], lines.Select(l => l.Offset));
    }

    [Fact]
    public void Only_complete_lines_are_read_when_asked()
    {
        var lines = ReadAll(Encoding.UTF8.GetBytes("{\"a\":1}\r\n{\"b\":"), completeLinesOnly: true);
        Assert.Equal(["{\"a\":1}"], lines.Select(l => l.Text));
    }

    [Theory]
    [InlineData(int.MaxValue)]
    [InlineData(5)]
    public void An_oversized_line_is_reported_and_skipped_and_the_rest_is_read(int chunk)
    {
        var big = "{\"x\":\"" + new string('y', 200) + "\"}";
        var input = Encoding.UTF8.GetBytes("{\"a\":1}\n" + big + "\n{\"b\":2}\n" + big);
        var lines = ReadAll(input, maxRecordBytes: 64, chunk: chunk);
        Assert.Equal(4, lines.Count);
        Assert.Equal("{\"a\":1}", lines[0].Text);
        Assert.Contains("over the limit of 64 bytes", lines[1].Problem, StringComparison.Ordinal);
        Assert.Equal(big.Length, lines[1].Length);
        Assert.Equal(8, lines[1].Offset);
        Assert.Equal("{\"b\":2}", lines[2].Text);
        Assert.Equal(4, lines[3].Number);
        Assert.NotNull(lines[3].Problem);
    }

    /// <summary>A stream that hands out at most <c>chunk</c> bytes per read, like a network stream.</summary>
    internal sealed class TrickleStream(byte[] data, int chunk) : MemoryStream(data)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, chunk));

        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, chunk)]);
    }
}
