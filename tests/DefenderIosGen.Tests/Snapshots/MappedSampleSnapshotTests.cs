using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using DefenderIosGen.Mapping;
using DefenderIosGen.Runtime.Records;

namespace DefenderIosGen.Tests.Snapshots;

/// <summary>
/// The UDM events mapped from the shipped samples, per table. A rule edit that changes any event shows up
/// here as a diff to review and accept.
/// </summary>
public sealed class MappedSampleSnapshotTests
{
    private static readonly JsonSerializerOptions Pretty = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static TheoryData<string> Tables() =>
    [
        "DeviceEvents", "DeviceInfo", "DeviceLogonEvents", "DeviceNetworkEvents", "DeviceProcessEvents",
        "DeviceFileEvents", "AlertInfo", "AlertEvidence", "EmailEvents",
    ];

    [Theory]
    [MemberData(nameof(Tables))]
    public void Mapped_samples_match_the_verified_snapshot(string table)
    {
        var files = SampleFiles.ForTable(table).ToList();
        Assert.NotEmpty(files);
        var mapper = new UdmMapper();
        var events = new JsonArray();
        foreach (var file in files)
        {
            using var stream = File.OpenRead(file);
            using var reader = new JsonLinesReader(stream, 1 << 20);
            while (reader.TryRead(out var record))
            {
                var result = mapper.Map(record.Bytes);
                Assert.True(result.Success, $"{file}:{record.Line}: {result.ErrorDetail}");
                events.Add(JsonNode.Parse(result.UdmEvent));
            }
        }

        Assert.True(events.Count >= 3, $"{table} needs at least three sample records, has {events.Count}");
        SnapshotAssert.Matches(table, events.ToJsonString(Pretty) + "\n");
    }
}
