using System.Text.Json;
using DefenderIosGen.Cli;

namespace DefenderIosGen.Tests.Cli;

public sealed class MapCommandTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("dig-map-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public async Task Mapping_the_shipped_samples_writes_one_event_per_record_and_exits_0()
    {
        var output = Path.Combine(_work, "udm.ndjson");
        var run = await CliRunner.RunAsync(null, "map", SampleFiles.Folder, "--out", output, "--dead-letter", Path.Combine(_work, "dl.ndjson"));
        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var records = SampleFiles.AllRecordLines().Count();
        var events = File.ReadAllLines(output);
        Assert.Equal(records, events.Length);
        Assert.All(events, e => Assert.Equal(JsonValueKind.Object, JsonDocument.Parse(e).RootElement.ValueKind));
        Assert.Contains($"{records} records, {records} mapped, 0 dead-lettered", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("event types:", run.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_work, "dl.ndjson")));
    }

    [Fact]
    public async Task Bad_records_are_dead_lettered_with_source_line_and_reason_and_the_rest_mapped()
    {
        var input = Path.Combine(_work, "mixed.jsonl");
        await File.WriteAllTextAsync(input, "{\"properties\":{\"DeviceName\":\"a\"}}\r\nnot json\r\n[1]\r\n{\"properties\":{\"DeviceName\":\"" + new string('x', 300) + "\"}}\r\n{\"properties\":{\"DeviceName\":\"b\"}}\r\n", TestContext.Current.CancellationToken);
        var deadLetters = Path.Combine(_work, "dl.ndjson");
        var run = await CliRunner.RunAsync(null, "map", input, "--dead-letter", deadLetters, "--max-record-bytes", "200");

        Assert.Equal(ExitCodes.DeadLettered, run.ExitCode);
        var events = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, events.Length);
        Assert.Contains("\"a\"", events[0], StringComparison.Ordinal);
        Assert.Contains("\"b\"", events[1], StringComparison.Ordinal);

        var letters = File.ReadAllLines(deadLetters).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal([2, 3, 4], letters.Select(l => l.GetProperty("line").GetInt32()));
        Assert.All(letters, l => Assert.Equal(input, l.GetProperty("source").GetString()));
        Assert.StartsWith("malformed JSON", letters[0].GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal("not json", letters[0].GetProperty("record").GetString());
        Assert.Contains("not an object", letters[1].GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Contains("over the limit of 200 bytes", letters[2].GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Contains("5 records, 2 mapped, 3 dead-lettered", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Output_keeps_input_order_across_batches_and_workers()
    {
        var input = Path.Combine(_work, "many.jsonl");
        const int count = 30_000;
        await using (var writer = new StreamWriter(input))
        {
            for (var i = 0; i < count; i++)
            {
                await writer.WriteLineAsync(i % 1000 == 999 ? "{broken" : $"{{\"properties\":{{\"DeviceName\":\"host-{i}\",\"AdditionalFields\":\"{new string('x', i % 200)}\"}}}}");
            }
        }

        var output = Path.Combine(_work, "many.ndjson");
        var deadLetters = Path.Combine(_work, "many-dl.ndjson");
        var run = await CliRunner.RunAsync(null, "map", input, "--out", output, "--dead-letter", deadLetters, "--workers", "3");

        Assert.Equal(ExitCodes.DeadLettered, run.ExitCode);
        var expected = Enumerable.Range(0, count).Where(i => i % 1000 != 999).Select(i => $"host-{i}").ToList();
        var hosts = File.ReadLines(output).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("principal").GetProperty("hostname").GetString()!).ToList();
        Assert.Equal(expected, hosts);
        Assert.Equal(Enumerable.Range(1, count / 1000).Select(k => k * 1000), File.ReadLines(deadLetters).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("line").GetInt32()));
    }

    [Fact]
    public async Task Stdin_and_records_documents_are_read()
    {
        var run = await CliRunner.RunAsync("{\"records\":[{\"properties\":{\"DeviceName\":\"a\"}},{\"properties\":{\"DeviceName\":\"b\"}}]}", "map", "-", "--dead-letter", Path.Combine(_work, "dl.ndjson"));
        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(2, run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task A_missing_path_is_a_usage_error()
    {
        var run = await CliRunner.RunAsync(null, "map", Path.Combine(_work, "nope.jsonl"));
        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("no such file or folder", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("map")]
    [InlineData("map", "x", "--max-record-bytes", "0")]
    [InlineData("map", "x", "--bogus")]
    [InlineData("frobnicate")]
    public async Task Wrong_arguments_are_usage_errors(params string[] arguments)
    {
        var run = await CliRunner.RunAsync(null, arguments);
        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("error:", run.Stderr, StringComparison.Ordinal);
    }
}
