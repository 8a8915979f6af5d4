using System.Net;
using System.Text;
using Azure.Core.Pipeline;
using Azure.Storage;
using Azure.Storage.Blobs;
using DefenderIosGen.Runtime.Ingest;

namespace DefenderIosGen.Tests.Integration;

/// <summary>
/// Listing pages as real accounts sometimes return them: an empty page that still carries a continuation
/// marker (must not be taken for the end), and an end marker of "" instead of none. Served in-process to
/// the real SDK through its transport, since Azurite never answers this way.
/// </summary>
public sealed class ListingPaginationTests
{
    [Fact]
    public async Task Empty_pages_with_a_marker_continue_and_an_empty_marker_ends()
    {
        var handler = new PagedListHandler(
            (null, [], "page2"),
            ("page2", [], "page3"),
            ("page3", ["y=2026/a.json", "y=2026/b.json"], ""));
        var options = new BlobClientOptions { Transport = new HttpClientTransport(new HttpClient(handler)) };
        options.Retry.MaxRetries = 0;
        var service = new BlobServiceClient(new Uri("http://127.0.0.1:9/devstoreaccount1/"), new StorageSharedKeyCredential("devstoreaccount1", Convert.ToBase64String(new byte[32])), options);
        var store = new AzureBlobStore(service, "fake");

        var names = await store.ListAsync("c", null, TestContext.Current.CancellationToken).Select(b => b.Name).ToListAsync(TestContext.Current.CancellationToken);

        Assert.Equal(["y=2026/a.json", "y=2026/b.json"], names);
        Assert.Equal([null, "page2", "page3"], handler.MarkersAsked);
    }

    [Fact]
    public async Task Listing_retries_busy_and_throttled_answers_with_the_feeds_retry_policy()
    {
        var handler = new PagedListHandler((null, ["a.json"], "")) { FailFirst = [HttpStatusCode.ServiceUnavailable, HttpStatusCode.TooManyRequests] };
        var options = BlobStoreFactory.ClientOptions();
        options.Transport = new HttpClientTransport(new HttpClient(handler));
        var service = new BlobServiceClient(new Uri("http://127.0.0.1:9/devstoreaccount1/"), new StorageSharedKeyCredential("devstoreaccount1", Convert.ToBase64String(new byte[32])), options);

        var names = await new AzureBlobStore(service, "fake").ListAsync("c", null, TestContext.Current.CancellationToken).Select(b => b.Name).ToListAsync(TestContext.Current.CancellationToken);

        Assert.Equal(["a.json"], names);
        Assert.Equal(3, handler.MarkersAsked.Count);
    }

    private sealed class PagedListHandler(params (string? Marker, string[] Blobs, string NextMarker)[] pages) : HttpMessageHandler
    {
        public List<string?> MarkersAsked { get; } = [];

        /// <summary>Answers to give first, before any page (as a busy account would).</summary>
        public HttpStatusCode[] FailFirst { get; init; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var query = System.Web.HttpUtility.ParseQueryString(request.RequestUri!.Query);
            var marker = query["marker"];
            MarkersAsked.Add(marker);
            if (MarkersAsked.Count <= FailFirst.Length)
            {
                return Task.FromResult(new HttpResponseMessage(FailFirst[MarkersAsked.Count - 1]));
            }

            var page = pages.Single(p => p.Marker == marker);
            var blobs = string.Concat(page.Blobs.Select(name =>
                $"<Blob><Name>{name}</Name><Properties><Creation-Time>Sat, 18 Jul 2026 14:00:00 GMT</Creation-Time><Last-Modified>Sat, 18 Jul 2026 15:00:00 GMT</Last-Modified><Etag>0x8DC</Etag><Content-Length>10</Content-Length><BlobType>AppendBlob</BlobType></Properties><Metadata /></Blob>"));
            var xml = $"<?xml version=\"1.0\" encoding=\"utf-8\"?><EnumerationResults ServiceEndpoint=\"http://127.0.0.1:9/devstoreaccount1/\" ContainerName=\"c\"><MaxResults>1000</MaxResults><Blobs>{blobs}</Blobs><NextMarker>{page.NextMarker}</NextMarker></EnumerationResults>";
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(xml, Encoding.UTF8, "application/xml") };
            response.Headers.Add("x-ms-version", "2025-01-05");
            return Task.FromResult(response);
        }
    }
}
