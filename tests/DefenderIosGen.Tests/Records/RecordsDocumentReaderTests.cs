using System.Text;
using DefenderIosGen.Runtime.Records;

namespace DefenderIosGen.Tests.Records;

public sealed class RecordsDocumentReaderTests
{
    private static (List<string> Records, List<string> Problems) ReadAll(string text, int chunk = int.MaxValue)
    {
        using var reader = RecordReaders.Open(new JsonLinesReaderTests.TrickleStream(Encoding.UTF8.GetBytes(text), chunk), 1 << 16);
        Assert.IsType<RecordsDocumentReader>(reader);
        var records = new List<string>();
        var problems = new List<string>();
        while (reader.TryRead(out var record))
        {
            if (record.Problem is null)
            {
                records.Add(Encoding.UTF8.GetString(record.Bytes));
            }
            else
            {
                problems.Add(record.Problem);
            }
        }

        return (records, problems);
    }

    [Theory]
    [InlineData(int.MaxValue)]
    [InlineData(3)]
    public void Elements_of_a_records_document_are_read_one_by_one(int chunk)
    {
        var (records, problems) = ReadAll("\uFEFF{ \"records\" : [ {\"a\":\"x]}\\\"\"}, {\"b\":[1,{\"c\":2}]} ,42 ]}\n{\"records\":[{\"d\":4}]}", chunk);
        Assert.Equal(["{\"a\":\"x]}\\\"\"}", "{\"b\":[1,{\"c\":2}]}", "42", "{\"d\":4}"], records);
        Assert.Empty(problems);
    }

    [Fact]
    public void A_cut_off_document_keeps_what_came_before_and_reports_the_rest()
    {
        var (records, problems) = ReadAll("{\"records\":[{\"a\":1},{\"b\":");
        Assert.Equal(["{\"a\":1}"], records);
        Assert.Single(problems, p => p.Contains("cut off", StringComparison.Ordinal));
    }

    [Fact]
    public void Json_lines_are_not_mistaken_for_a_records_document()
    {
        Assert.False(RecordReaders.IsRecordsDocument("{\"time\":\"x\",\"records\":[]}"u8));
        Assert.True(RecordReaders.IsRecordsDocument(" \r\n{ \"records\":"u8));
    }
}
