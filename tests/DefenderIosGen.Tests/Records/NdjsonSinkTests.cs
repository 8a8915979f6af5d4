using DefenderIosGen.Runtime.Sinks;

namespace DefenderIosGen.Tests.Records;

public sealed class NdjsonSinkTests : IDisposable
{
    private readonly string _file = Path.GetTempFileName();

    public void Dispose() => File.Delete(_file);

    [Fact]
    public async Task Appending_after_a_crash_drops_the_partial_last_event()
    {
        await File.WriteAllTextAsync(_file, "{\"a\":1}\n{\"b\":2}\n{\"c\":", TestContext.Current.CancellationToken);
        await using (var sink = NdjsonSink.ToFile(_file, append: true))
        {
            sink.Write("{\"c\":3}"u8, default);
            await sink.FlushAsync(TestContext.Current.CancellationToken);
        }

        Assert.Equal(["{\"a\":1}", "{\"b\":2}", "{\"c\":3}"], await File.ReadAllLinesAsync(_file, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_file_without_any_complete_event_starts_empty()
    {
        await File.WriteAllTextAsync(_file, "{\"partial", TestContext.Current.CancellationToken);
        await using (var sink = NdjsonSink.ToFile(_file, append: true))
        {
            sink.Write("{\"x\":1}"u8, default);
        }

        Assert.Equal("{\"x\":1}\n", await File.ReadAllTextAsync(_file, TestContext.Current.CancellationToken));
    }
}
