using GeoOrchestration.BlobStorageTests.Infrastructure;
using GeoOrchestration.Jobs.Storage;
using Xunit.Abstractions;

namespace GeoOrchestration.BlobStorageTests.Io;

/// <summary>
/// 10,000 small blobs listed page by page: every name once, in order, no page over its size (asserted); the managed
/// memory before, after and at its peak while listing (printed, not asserted: one page is held at a time, so the
/// peak should not grow with the container).
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ListingMemoryMeasurement(AzuriteServer azurite, ITestOutputHelper output)
{
    private const int Blobs = 10_000;
    private const int PageSize = 1000;

    [Fact]
    public async Task ListPages_TenThousandBlobs_EachOnceInOrder_AndMemoryIsPrinted()
    {
        var container = azurite.NewContainer("tenk");
        var upload = System.Diagnostics.Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, Blobs), new ParallelOptions { MaxDegreeOfParallelism = 16 },
            async (i, token) => await container.GetBlobClient($"scenes/{i / 1000:D2}/s{i:D5}.tif").UploadAsync(new BinaryData("tiny"), token));
        upload.Stop();
        var listing = new BlobListing(azurite.Storage());
        var location = TransferTests.Location(azurite.Storage(), AzuriteServer.Az(container.Name, "scenes"));

        var before = GC.GetTotalMemory(forceFullCollection: true);
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        long peak = before;
        var count = 0;
        var pages = 0;
        string? last = null;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await foreach (var page in listing.ListPagesAsync(location, recursive: true, PageSize, null, CancellationToken.None))
        {
            pages++;
            Assert.InRange(page.Entries.Count, 0, PageSize);
            foreach (var entry in page.Entries)
            {
                Assert.True(last is null || string.CompareOrdinal(last, entry.Name) < 0, $"'{entry.Name}' came after '{last}'");
                last = entry.Name;
                count++;
            }
            peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: false));
        }
        watch.Stop();
        var after = GC.GetTotalMemory(forceFullCollection: true);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;

        Assert.Equal(Blobs, count);
        Assert.Equal(Blobs / PageSize, pages);
        output.WriteLine($"uploaded {Blobs} blobs in {upload.Elapsed.TotalSeconds:0.0} s; listed them in {pages} pages of {PageSize} in {watch.Elapsed.TotalSeconds:0.00} s");
        output.WriteLine($"managed memory: before {before / 1024.0 / 1024:0.0} MiB, peak while listing {peak / 1024.0 / 1024:0.0} MiB, " +
            $"after {after / 1024.0 / 1024:0.0} MiB; allocated while listing {allocated / 1024.0 / 1024:0.0} MiB ({allocated / Blobs} bytes per blob)");
    }
}
