using System.Security.Cryptography;
using GeoOrchestration.BlobStorageTests.Infrastructure;
using GeoOrchestration.Errors;
using GeoOrchestration.Jobs.Storage;

namespace GeoOrchestration.BlobStorageTests.Io;

/// <summary>
/// 503s and 500s from a proxy in front of Azurite: retried by the client's pipeline (each fault followed by the same
/// request again), counted by the proxy; past the retry budget a transient failure for the engine to retry.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ThrottlingTests(AzuriteServer azurite) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("geoorch-blob-throttle-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    // Every injected fault is followed by a retry of the very same request, which Azurite then answered.
    private static void AssertEachFaultRetried(FaultProxy proxy)
    {
        var requests = proxy.Requests;
        foreach (var faulted in requests.Where(r => r.InjectedStatus is not null))
        {
            var next = requests.FirstOrDefault(r => r.Number > faulted.Number && r.Method == faulted.Method && r.Path == faulted.Path && r.Query == faulted.Query);
            Assert.True(next is not null, $"request {faulted.Number} ({faulted.Method} {faulted.Path}{faulted.Query}) was faulted and never retried");
        }
    }

    [Fact]
    public async Task Listing_With503And500_SucceedsAfterRetries()
    {
        var container = azurite.NewContainer("thr-list");
        for (var i = 0; i < 9; i++) await container.GetBlobClient($"s{i}.tif").UploadAsync(new BinaryData("x"));
        await using var proxy = await FaultProxy.StartAsync(azurite.BlobEndpoint);
        proxy.Fault(r => r.Has("comp=list"), Fault.ServerBusy, times: 2).Fault(r => r.Has("comp=list") && r.Has("marker="), Fault.InternalError, times: 1);
        var storage = azurite.Storage(proxy.Endpoint);
        var location = TransferTests.Location(storage, AzuriteServer.Az(container.Name));

        var names = new List<string>();
        await foreach (var page in new BlobListing(storage).ListPagesAsync(location, true, 4, null, CancellationToken.None))
            names.AddRange(page.Entries.Select(e => e.Name));

        Assert.Equal(Enumerable.Range(0, 9).Select(i => $"s{i}.tif"), names);
        Assert.Equal(3, proxy.Injected);
        Assert.Equal([503, 503, 500], proxy.Requests.Where(r => r.InjectedStatus is not null).Select(r => r.InjectedStatus!.Value));
        // Three pages answered by Azurite, each once.
        Assert.Equal(3, proxy.Requests.Count(r => r.Has("comp=list") && r.ForwardedStatus == 200));
        AssertEachFaultRetried(proxy);
    }

    [Fact]
    public async Task Download_With503s_SucceedsAfterRetries()
    {
        var container = azurite.NewContainer("thr-down");
        var bytes = RandomNumberGenerator.GetBytes(200_000);
        await container.GetBlobClient("a.tif").UploadAsync(new BinaryData(bytes));
        await using var proxy = await FaultProxy.StartAsync(azurite.BlobEndpoint);
        proxy.Fault(r => r.Method == "GET" && r.Path.EndsWith("/a.tif", StringComparison.Ordinal), Fault.ServerBusy, times: 2)
            .Fault(r => r.Method == "GET" && r.Path.EndsWith("/a.tif", StringComparison.Ordinal), Fault.InternalError, times: 1);
        var storage = azurite.Storage(proxy.Endpoint);
        var target = Path.Combine(_folder, "a.tif");

        await new BlobTransfer(storage).DownloadAsync(TransferTests.Location(storage, AzuriteServer.Az(container.Name)), "a.tif", target, CancellationToken.None);

        Assert.Equal(bytes, File.ReadAllBytes(target));
        Assert.Equal(3, proxy.Injected);
        Assert.Equal(1, proxy.Requests.Count(r => r.Method == "GET" && r.ForwardedStatus is 200 or 206));
        AssertEachFaultRetried(proxy);
    }

    [Fact]
    public async Task BlockUpload_With503OnABlockAnd500OnTheCommit_CommitsTheWholeFile()
    {
        var container = azurite.NewContainer("thr-up");
        var file = TransferTests.RandomFile(_folder, 5 * 32 * 1024 + 7, seed: 3);
        await using var proxy = await FaultProxy.StartAsync(azurite.BlobEndpoint);
        var blockRequests = 0;
        proxy.Fault(r => r.Has("comp=block&") || r.Query.EndsWith("comp=block", StringComparison.Ordinal) ? Interlocked.Increment(ref blockRequests) is 2 or 3 : false, Fault.ServerBusy)
            .Fault(r => r.Has("comp=blocklist") && r.Method == "PUT", Fault.InternalError, times: 1);
        var storage = azurite.Storage(proxy.Endpoint, blockBytes: 32 * 1024);

        var entry = await new BlobTransfer(storage).UploadCommittedAsync(TransferTests.Location(storage, AzuriteServer.Az(container.Name)), "c.tif", file,
            "image/tiff", new Dictionary<string, string>(), "attempt-1", CancellationToken.None);

        var bytes = File.ReadAllBytes(file);
        Assert.Equal(Convert.ToBase64String(MD5.HashData(bytes)), entry.ContentMd5);
        Assert.Equal(bytes, (await container.GetBlobClient("c.tif").DownloadContentAsync()).Value.Content.ToArray());
        Assert.Equal([503, 503, 500], proxy.Requests.Where(r => r.InjectedStatus is not null).Select(r => r.InjectedStatus!.Value));
        Assert.Equal(6, proxy.Requests.Count(r => r.Method == "PUT" && r.Query.Contains("comp=block") && !r.Has("comp=blocklist") && r.ForwardedStatus == 201));
        AssertEachFaultRetried(proxy);
    }

    [Fact]
    public async Task Listing_FaultsBeyondTheRetryBudget_IsTransient()
    {
        var container = azurite.NewContainer("thr-budget");
        await using var proxy = await FaultProxy.StartAsync(azurite.BlobEndpoint);
        proxy.Fault(r => r.Has("comp=list"), Fault.ServerBusy);
        var storage = azurite.Storage(proxy.Endpoint, maxRetries: 2);
        var location = TransferTests.Location(storage, AzuriteServer.Az(container.Name));

        var failure = await Assert.ThrowsAsync<TransientTaskException>(async () =>
        {
            await foreach (var _ in new BlobListing(storage).ListPagesAsync(location, true, 10, null, CancellationToken.None)) { }
        });

        Assert.Contains("503 ServerBusy", failure.Message);
        Assert.Contains($"'{container.Name}'", failure.Message);
        // The first try and MaxRetries retries, all answered by the proxy; none reached Azurite.
        Assert.Equal(3, proxy.Injected);
        Assert.Equal(0, proxy.Forwarded);
    }

    [Fact]
    public async Task Upload_ServiceUnreachable_IsTransient()
    {
        var container = azurite.NewContainer("thr-gone");
        var file = TransferTests.RandomFile(_folder, 1000, seed: 4);
        Uri endpoint;
        await using (var proxy = await FaultProxy.StartAsync(azurite.BlobEndpoint)) endpoint = proxy.Endpoint;
        // The proxy has stopped: its port refuses connections.
        var storage = azurite.Storage(endpoint, maxRetries: 1);

        var failure = await Assert.ThrowsAsync<TransientTaskException>(() => new BlobTransfer(storage).UploadCommittedAsync(
            TransferTests.Location(storage, AzuriteServer.Az(container.Name)), "x.tif", file, "image/tiff", new Dictionary<string, string>(), "a", CancellationToken.None));
        Assert.Contains("could not be reached", failure.Message);
    }

    [Fact]
    public async Task Listing_WrongKey_IsPermanentWithoutTheKey()
    {
        var container = azurite.NewContainer("thr-key");
        var wrongKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(64));
        var storage = new BlobStorage(azurite.Storage().Options with
        {
            Environment = BlobEnvironment.Of(new Dictionary<string, string>
            {
                [BlobEnvironment.ConnectionStringVariable] = $"AccountName=devstoreaccount1;AccountKey={wrongKey};BlobEndpoint={azurite.BlobEndpoint}",
            }),
        });
        var location = TransferTests.Location(storage, AzuriteServer.Az(container.Name));

        var failure = await Assert.ThrowsAsync<PermanentTaskException>(async () =>
        {
            await foreach (var _ in new BlobListing(storage).ListPagesAsync(location, true, 10, null, CancellationToken.None)) { }
        });

        // Blob Storage says 403 AuthenticationFailed, Azurite 403 AuthorizationFailure: both are a refused credential.
        Assert.Contains("403 ", failure.Message);
        Assert.Contains("refused the credentials", failure.Message);
        Assert.DoesNotContain(wrongKey, failure.ToString());
    }
}
