using System.Diagnostics;
using System.Text.Json.Nodes;
using GeoOrchestration.BlobStorageTests.Infrastructure;
using GeoOrchestration.Errors;
using GeoOrchestration.Jobs.Raster.Sources;
using GeoOrchestration.Jobs.Storage;
using Xunit.Abstractions;

namespace GeoOrchestration.BlobStorageTests.Paging;

/// <summary>
/// 10,000 small blobs listed and planned: the first stage's walk in this process (managed memory
/// printed), then raster_inventory through the real engine in a geoorch process on the embedded
/// store (its peak resident set printed). Figures are printed, never asserted; run with
/// <c>--logger "console;verbosity=detailed"</c> to see them.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class TenThousandBlobsTests(AzuriteServer azurite, ITestOutputHelper output) : IDisposable
{
    private const int Count = 10_000;
    private readonly string _folder = Directory.CreateTempSubdirectory("geoorch-paging-10k-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task TenThousandBlobs_ListedAndPlanned_TenPagesAndATaskPerBlob()
    {
        var container = azurite.NewContainer("tenk");
        var names = ManyBlobs.Numbered("many/", Count);
        var upload = Stopwatch.StartNew();
        await ManyBlobs.UploadAsync(container, names);
        output.WriteLine($"uploaded {Count} blobs of 16 bytes in {upload.Elapsed.TotalSeconds:F1} s");

        var errors = new List<ValidationError>();
        var location = BlobLocation.Parse(AzuriteServer.Az(container.Name, "many"), "source", errors, azurite.Storage().Options.Environment)!;
        GC.Collect();
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var walk = Stopwatch.StartNew();
        var bounds = await RasterBlobListing.BoundsAsync(location, recursive: true, CancellationToken.None, azurite.Storage());
        walk.Stop();
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var retained = GC.GetTotalMemory(forceFullCollection: true) - heapBefore;
        output.WriteLine($"first stage's walk in-process: {walk.Elapsed.TotalSeconds:F2} s, {allocated / 1048576.0:F1} MiB allocated, " +
            $"{retained / 1024.0:F0} KiB retained after (the bounds: {bounds.Pages.Count} pages), this process's peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:F0} MiB");
        Assert.Equal(Enumerable.Repeat(1000, 10), bounds.Pages.Select(p => p.Count));

        var geoorch = new AzuriteGeoorch(azurite, _folder);
        var parameters = new JsonObject
        {
            ["source"] = new JsonArray(AzuriteServer.Az(container.Name, "many")),
            ["recursive"] = true,
            ["destination"] = Path.Combine(_folder, "catalog"),
        };
        var run = Stopwatch.StartNew();
        using var process = geoorch.Start(["run", "raster_inventory", "--parameters-json", parameters.ToJsonString(), "--deploy", "-o", "json"]);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        var peakKib = 0L;
        while (!process.HasExited)
        {
            peakKib = Math.Max(peakKib, PeakResidentKib(process.Id));
            await Task.Delay(50);
        }
        await process.WaitForExitAsync();
        output.WriteLine($"geoorch run raster_inventory (list, 10 listing pages, plan {Count} describe tasks, first one fails the job): " +
            $"{run.Elapsed.TotalSeconds:F1} s, peak resident set (VmHWM, sampled every 50 ms) {peakKib / 1024.0:F0} MiB");

        var job = JsonNode.Parse(await stdout);
        Assert.True(job?["status"]?.GetValue<string>() == "failed", await stderr); // the blobs are not rasters
        var jobId = job!["jobId"]!.GetValue<string>();
        Assert.Equal(10, (await geoorch.TasksAsync(jobId, 2)).Count);
        var perBlob = await geoorch.TasksAsync(jobId, 3);
        Assert.Equal(names.Select(n => n["many/".Length..^4]), perBlob.Select(t => t["parameters"]!["name"]!.GetValue<string>()));
    }

    // The process's peak resident set so far, from /proc (0 once it is gone).
    private static long PeakResidentKib(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
