using Azure.Storage.Blobs.Models;
using DefenderIosGen.Runtime.Ingest;
using static DefenderIosGen.Tests.Integration.IngestHarness;

namespace DefenderIosGen.Tests.Integration;

/// <summary>The feed against a real Azure Storage emulator (Azurite on 127.0.0.1).</summary>
public sealed class IngestTests(AzuriteFixture azurite) : IDisposable
{
    private readonly IngestHarness _harness = new(azurite);

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task Both_layouts_in_several_containers_are_delivered()
    {
        var seedLayout = await _harness.ContainerAsync(NewContainerName());
        var realLayout = await _harness.ContainerAsync(NewContainerName());
        await UploadAsync(seedLayout, "year=2026/month=07/day=18/hour=14/events-000.json", Lines("a1", "a2"));
        await UploadAsync(seedLayout, "year=2026/month=07/day=18/hour=15/events-000.json", Lines("a3"));
        await AppendAsync(realLayout, "tenantId=9f2c/y=2026/m=07/d=18/h=14/m=00/PT1H.json", Lines("b1", "b2", "b3"));

        var summary = await _harness.PassAsync(_harness.Feed(seedLayout.Name, realLayout.Name));

        Assert.Equal(["a1", "a2", "a3", "b1", "b2", "b3"], _harness.DeliveredHosts().Order());
        Assert.Equal(6, summary.Records.Mapped);
        Assert.Equal(2, summary.For(seedLayout.Name).BlobsRead);
        Assert.Equal(1, summary.For(realLayout.Name).BlobsRead);
    }

    [Fact]
    public async Task An_append_blob_appended_between_polls_delivers_each_line_once()
    {
        var container = await _harness.ContainerAsync(NewContainerName());
        await AppendAsync(container, "h=14/PT1H.json", Lines("l1", "l2", "l3"));
        var feed = _harness.Feed(container.Name);
        await _harness.PassAsync(feed);
        await AppendAsync(container, "h=14/PT1H.json", Lines("l4", "l5"));
        await _harness.PassAsync(feed);
        await _harness.PassAsync(feed);

        Assert.Equal(["l1", "l2", "l3", "l4", "l5"], _harness.DeliveredHosts());
    }

    [Fact]
    public async Task A_partial_last_line_waits_until_it_is_complete()
    {
        var container = await _harness.ContainerAsync(NewContainerName());
        var whole = Record("second");
        await AppendAsync(container, "PT1H.json", Record("first") + "\r\n" + whole[..40]);
        var feed = _harness.Feed(container.Name);
        await _harness.PassAsync(feed);
        Assert.Equal(["first"], _harness.DeliveredHosts());

        await AppendAsync(container, "PT1H.json", whole[40..] + "\r\n");
        await _harness.PassAsync(feed);
        Assert.Equal(["first", "second"], _harness.DeliveredHosts());
        Assert.False(File.Exists(_harness.DeadLetterPath));
    }

    [Fact]
    public async Task A_recreated_blob_is_read_from_the_start()
    {
        var container = await _harness.ContainerAsync(NewContainerName());
        await AppendAsync(container, "PT1H.json", Lines("old1", "old2", "old3"));
        var feed = _harness.Feed(container.Name);
        await _harness.PassAsync(feed);
        await container.DeleteBlobAsync("PT1H.json", cancellationToken: TestContext.Current.CancellationToken);
        await Task.Delay(1100, TestContext.Current.CancellationToken); // creation times have one-second resolution
        await AppendAsync(container, "PT1H.json", Lines("new1", "new2"));
        await _harness.PassAsync(feed);

        Assert.Equal(["old1", "old2", "old3", "new1", "new2"], _harness.DeliveredHosts());
    }

    [Fact]
    public async Task An_empty_blob_is_skipped_without_error()
    {
        var container = await _harness.ContainerAsync(NewContainerName());
        await AppendAsync(container, "empty/PT1H.json", "");
        await UploadAsync(container, "data.json", Lines("x"));
        var summary = await _harness.PassAsync(_harness.Feed(container.Name));

        Assert.Equal(["x"], _harness.DeliveredHosts());
        Assert.Equal(1, summary.For(container.Name).BlobsSkipped);
    }

    [Fact]
    public async Task Blobs_older_than_the_maximum_file_age_are_skipped()
    {
        var container = await _harness.ContainerAsync(NewContainerName());
        await UploadAsync(container, "data.json", Lines("x"));
        var modified = await LastModifiedAsync(container, "data.json");
        var feed = _harness.Feed(container.Name) with { MaxFileAge = TimeSpan.FromDays(1) };

        var old = await _harness.PassAsync(feed, new ManualClock(modified.AddDays(2)));
        Assert.Empty(_harness.DeliveredHosts());
        Assert.Equal(1, old.For(container.Name).BlobsSkipped);

        await _harness.PassAsync(feed, new ManualClock(modified.AddHours(12)));
        Assert.Equal(["x"], _harness.DeliveredHosts());
    }

    [Fact]
    public async Task A_restart_resumes_without_redelivering()
    {
        var container = await _harness.ContainerAsync(NewContainerName());
        await AppendAsync(container, "PT1H.json", Lines("r1", "r2"));
        var feed = _harness.Feed(container.Name);
        await _harness.PassAsync(feed);
        var second = await _harness.PassAsync(feed);

        Assert.Equal(["r1", "r2"], _harness.DeliveredHosts());
        Assert.Equal(0, second.Records.Records);
    }

    [Theory]
    [InlineData(SourceDeletion.Never, false)]
    [InlineData(SourceDeletion.Files, true)]
    [InlineData(SourceDeletion.FilesAndDirectories, true)]
    public async Task Settled_delivered_blobs_are_deleted_only_when_the_feed_says_so(SourceDeletion deletion, bool deleted)
    {
        var container = await _harness.ContainerAsync(NewContainerName());
        await AppendAsync(container, "y=2026/m=07/PT1H.json", Lines("d1"));
        var modified = await LastModifiedAsync(container, "y=2026/m=07/PT1H.json");
        var feed = _harness.Feed(container.Name) with { Deletion = deletion, SettlePeriod = TimeSpan.FromMinutes(30) };

        // Still within its settle period: delivered, never deleted.
        await _harness.PassAsync(feed, new ManualClock(modified.AddMinutes(5)));
        Assert.True(await container.GetBlobClient("y=2026/m=07/PT1H.json").ExistsAsync(TestContext.Current.CancellationToken));

        var summary = await _harness.PassAsync(feed, new ManualClock(modified.AddMinutes(31)));
        Assert.Equal(deleted, !await container.GetBlobClient("y=2026/m=07/PT1H.json").ExistsAsync(TestContext.Current.CancellationToken));
        Assert.Equal(deleted ? 1 : 0, summary.For(container.Name).BlobsDeleted);
        Assert.Equal(["d1"], _harness.DeliveredHosts());
    }

    [Fact]
    public async Task A_blob_still_being_appended_to_is_never_deleted()
    {
        var container = await _harness.ContainerAsync(NewContainerName());
        var blob = await AppendAsync(container, "PT1H.json", Lines("g1"));
        var modified = await LastModifiedAsync(container, "PT1H.json");
        var feed = _harness.Feed(container.Name) with { Deletion = SourceDeletion.Files };
        await _harness.PassAsync(feed, new ManualClock(modified.AddMinutes(10)));
        await AppendAsync(container, "PT1H.json", Lines("g2"));
        var appended = await LastModifiedAsync(container, "PT1H.json");
        await _harness.PassAsync(feed, new ManualClock(appended.AddMinutes(10)));

        Assert.True(await blob.ExistsAsync(TestContext.Current.CancellationToken));
        Assert.Equal(["g1", "g2"], _harness.DeliveredHosts());
    }

    [Fact]
    public async Task A_blob_that_changed_after_listing_is_not_deleted()
    {
        var container = await _harness.ContainerAsync(NewContainerName());
        await AppendAsync(container, "PT1H.json", Lines("e1"));
        var (store, _) = BlobStoreFactory.Create(_harness.Feed(container.Name), new SecretRedactor());
        var listed = await store.ListAsync(container.Name, null, TestContext.Current.CancellationToken).SingleAsync(TestContext.Current.CancellationToken);
        await AppendAsync(container, "PT1H.json", Lines("e2"));

        Assert.False(await store.DeleteIfUnchangedAsync(listed, TestContext.Current.CancellationToken));
        Assert.True(await container.GetBlobClient("PT1H.json").ExistsAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Empty_directory_markers_are_removed_with_files_and_directories()
    {
        var container = await _harness.ContainerAsync(NewContainerName());
        var folder = new Dictionary<string, string> { ["hdi_isfolder"] = "true" };
        await UploadAsync(container, "y=2026", "", folder);
        await UploadAsync(container, "y=2026/m=07", "", folder);
        await UploadAsync(container, "y=2026/m=07/PT1H.json", Lines("m1"));
        await UploadAsync(container, "y=2026/keep.json", Lines("m2"));
        var modified = await LastModifiedAsync(container, "y=2026/keep.json");
        var feed = _harness.Feed(container.Name) with { Deletion = SourceDeletion.FilesAndDirectories };

        await _harness.PassAsync(feed, new ManualClock(modified.AddHours(1)));

        var remaining = await container.GetBlobsAsync(cancellationToken: TestContext.Current.CancellationToken).Select(b => b.Name).ToListAsync(TestContext.Current.CancellationToken);
        // Both data blobs are gone; "y=2026/m=07" was left empty and removed; "y=2026" went once its last child did.
        Assert.Empty(remaining);
        Assert.Equal(["m1", "m2"], _harness.DeliveredHosts().Order());
    }
}
