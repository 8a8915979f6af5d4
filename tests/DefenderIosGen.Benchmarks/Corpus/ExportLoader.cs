using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;

namespace DefenderIosGen.Benchmarks.Corpus;

/// <summary>
/// Loads a realistic export into a storage account (Azurite for the demonstration runs): the eight seed
/// tables as insights-logs-advancedhunting-* containers, one PT1H.json append blob per hour in the real
/// tenantId=/y=/m=/d=/h=/m=00 layout, appended in blocks as Defender does.
/// </summary>
public static class ExportLoader
{
    private const int BlockBytes = 4 * 1024 * 1024;

    private static readonly string[] Tables =
        ["DeviceEvents", "DeviceInfo", "DeviceLogonEvents", "DeviceNetworkEvents", "DeviceProcessEvents", "DeviceFileEvents", "AlertInfo", "AlertEvidence"];

    public static async Task<(long Records, long Bytes)> LoadAsync(BlobServiceClient service, int hours, int recordsPerHour, int seed)
    {
        var generator = new CorpusGenerator(seed);
        long records = 0, bytes = 0;
        foreach (var table in Tables)
        {
            var container = service.GetBlobContainerClient("insights-logs-advancedhunting-" + table.ToLowerInvariant());
            await container.CreateIfNotExistsAsync();
            for (var hour = 0; hour < hours; hour++)
            {
                using var text = new MemoryStream();
                generator.WriteTableRecords(text, table, recordsPerHour);
                var day = 18 + (hour / 24);
                var blob = container.GetAppendBlobClient($"tenantId=9f2c1e7a-4b3d-4c8e-9a61-2d5f7b8c0e13/y=2026/m=07/d={day:D2}/h={hour % 24:D2}/m=00/PT1H.json");
                await blob.CreateIfNotExistsAsync();
                await AppendAllAsync(blob, text.ToArray());
                records += recordsPerHour;
                bytes += text.Length;
            }
        }

        return (records, bytes);
    }

    /// <summary>One append blob of about <paramref name="size"/> bytes, for the memory measurement.</summary>
    public static async Task<long> LoadBigAppendBlobAsync(BlobServiceClient service, string containerName, long size, int seed)
    {
        var container = service.GetBlobContainerClient(containerName);
        await container.CreateIfNotExistsAsync();
        var blob = container.GetAppendBlobClient("tenantId=9f2c1e7a-4b3d-4c8e-9a61-2d5f7b8c0e13/y=2026/m=07/d=18/h=00/m=00/PT1H.json");
        await blob.CreateIfNotExistsAsync();
        var generator = new CorpusGenerator(seed);
        long written = 0;
        while (written < size)
        {
            using var chunk = new MemoryStream();
            // Whole records per block, like the exporter's appends.
            while (chunk.Length < BlockBytes - (16 * 1024))
            {
                generator.WriteRecords(chunk, 1);
            }

            await blob.AppendBlockAsync(new MemoryStream(chunk.ToArray()));
            written += chunk.Length;
        }

        return written;
    }

    private static async Task AppendAllAsync(AppendBlobClient blob, byte[] data)
    {
        for (var offset = 0; offset < data.Length; offset += BlockBytes)
        {
            var length = Math.Min(BlockBytes, data.Length - offset);
            await blob.AppendBlockAsync(new MemoryStream(data, offset, length));
        }
    }
}
