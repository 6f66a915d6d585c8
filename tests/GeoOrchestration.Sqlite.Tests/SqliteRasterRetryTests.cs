using System.Text.Json.Nodes;
using GeoOrchestration.Jobs.Gdal;
using GeoOrchestration.Sqlite.Tests.Support;
using GeoOrchestration.StoreConformance.Support;

namespace GeoOrchestration.Sqlite.Tests;

/// <summary>
/// The user's path through a raster_to_cog job that completed with errors, with real geoorch
/// processes and GDAL on an embedded store: fix the file that failed, <c>geoorch job retry</c> it, and
/// the same <c>geoorch run</c> finishes the job: only the fixed file is converted, the catalogue is
/// made again and lists every file, and the job completes.
/// </summary>
public sealed class SqliteRasterRetryTests : IAsyncLifetime
{
    private readonly StoreFolder _folder = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _folder.DisposeAsync();

    private Dictionary<string, string?> Environment => new() { ["GEO_CONNECTION"] = "sqlite:" + _folder.Path };

    private static Task CreateAsync(string path) =>
        GdalRunner.Default.RunAsync("gdal_create",
            ["-q", "-of", "GTiff", "-outsize", "256", "256", "-ot", "Byte", "-burn", "7", "-a_srs", "EPSG:32633", "-a_ullr", "500000", "5000000", "507680", "4992320", path],
            path, CancellationToken.None);

    [Fact]
    public async Task JobRetry_AfterTheFileThatFailedIsFixed_ConvertsOnlyItAndTheSameRunCompletesTheJobWithAFullCatalogue()
    {
        var input = Directory.CreateDirectory(Path.Combine(_folder.Folder, "in")).FullName;
        var output = Path.Combine(_folder.Folder, "out");
        await CreateAsync(Path.Combine(input, "good.tif"));
        var whole = Path.Combine(_folder.Folder, "whole.tif");
        await CreateAsync(whole);
        var broken = Path.Combine(input, "broken.tif");
        await File.WriteAllBytesAsync(broken, (await File.ReadAllBytesAsync(whole))[..3000]);
        string[] run = ["run", "raster_to_cog", "-p", $"source={input}", "-p", $"destination={output}", "-p", "blocksize=128", "-p", "max_failed_files=1", "--deploy", "-o", "json"];

        var first = await Geoorch.RunAsync(run, Environment);
        Assert.True(first.ExitCode == 6, first.Stderr);
        Assert.Equal("completed_with_errors", first.Json["status"]!.GetValue<string>());
        Assert.Equal(broken, Assert.Single(first.Json["result"]!["failed_tasks"]!.AsArray())!["file"]!.GetValue<string>());
        var goodCog = Path.Combine(output, "good.tif");
        var goodWritten = File.GetLastWriteTimeUtc(goodCog);
        var jobId = first.Json["jobId"]!.GetValue<string>();

        File.Copy(whole, broken, overwrite: true); // the user fixes the file
        var retry = await Geoorch.RunAsync(["job", "retry", jobId[..16], "-o", "json"], Environment);
        var again = await Geoorch.RunAsync(run, Environment);

        Assert.True(retry.ExitCode == 0, retry.Stderr);
        // Stage 3 (convert) re-opened with its one failed task; the catalogue's task removed, to be planned again.
        Assert.Equal((3, 1, 1), (retry.Json["reopenedStage"]!.GetValue<int>(), retry.Json["tasksAffected"]!.GetValue<int>(), retry.Json["tasksRemoved"]!.GetValue<int>()));
        Assert.True(again.ExitCode == 0, again.Stderr);
        Assert.Contains($"job {jobId[..16]} already existed and is processing", again.Stderr);
        Assert.Equal("completed", again.Json["status"]!.GetValue<string>());
        Assert.Equal(0, again.Json["result"]!["failed"]!.GetValue<int>());
        Assert.Empty(again.Json["result"]!["failed_tasks"]!.AsArray());
        Assert.True(File.Exists(Path.Combine(output, "broken.tif")));
        Assert.Equal(goodWritten, File.GetLastWriteTimeUtc(goodCog)); // not converted again
        var collection = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(output, "collection.json")))!;
        Assert.Equal(["broken.item.json", "good.item.json"],
            collection["links"]!.AsArray().Where(l => l!["rel"]!.GetValue<string>() == "item").Select(l => Path.GetFileName(l!["href"]!.GetValue<string>())).Order(StringComparer.Ordinal));
    }
}
