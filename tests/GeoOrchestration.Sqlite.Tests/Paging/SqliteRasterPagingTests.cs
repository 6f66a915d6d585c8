using System.Text.Json.Nodes;
using GeoOrchestration.Engine;
using GeoOrchestration.Jobs;
using GeoOrchestration.Model;
using GeoOrchestration.Registry;
using GeoOrchestration.Sqlite.Tests.Support;

namespace GeoOrchestration.Sqlite.Tests.Paging;

/// <summary>
/// The raster job types' paged hand-off on a folder, through a real worker on the embedded store:
/// the first stage returns page bounds only, <c>listing</c> lists each page, and the per-file stage
/// is planned from the pages in order. The files are empty (GDAL cannot read them), so the first
/// per-file task fails the job right after the planning this checks.
/// </summary>
public sealed class SqliteRasterPagingTests : IAsyncLifetime
{
    private static readonly JobRegistry Registry = JobRegistry.FromAssemblies(BuiltInJobs.Assembly);
    private readonly StoreFolder _folder = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _folder.DisposeAsync();

    private string Input => Path.Combine(_folder.Folder, "in");

    private async Task<(GeoClient Client, JobRecord Job)> RunAsync(string jobType, bool recursive = false)
    {
        var client = new GeoClient(_folder.Store(), Registry);
        var (_, job) = await client.RunAsync(client.PrepareSubmission(jobType,
            new JsonObject { ["source"] = new JsonArray(Input), ["destination"] = Path.Combine(_folder.Folder, "out"), ["recursive"] = recursive }),
            new RunOptions { Worker = new WorkerOptions { Concurrency = 2 }, Timeout = TimeSpan.FromSeconds(300) });
        return (client, job);
    }

    [Theory]
    [InlineData("raster_to_cog")]
    [InlineData("raster_inventory")]
    public async Task Run_FolderOf2500Files_ListsThreePagesAndPlansOneTaskPerFileInNameOrder(string jobType)
    {
        Directory.CreateDirectory(Path.Combine(Input, "sub"));
        // Written out of order, in a subfolder too: the listing's order is the names' (ordinal), not the disk's.
        var names = Enumerable.Range(0, 2500).Select(i => i % 2 == 0 ? $"r{i:D4}" : $"sub/r{i:D4}").ToList();
        foreach (var name in names.AsEnumerable().Reverse())
            await File.WriteAllBytesAsync(Path.Combine(Input, name + ".tif"), []);
        File.WriteAllText(Path.Combine(Input, "notes.txt"), "not a raster");
        var expected = names.Order(StringComparer.Ordinal).ToList();

        var (client, job) = await RunAsync(jobType, recursive: true);

        Assert.Equal(JobStatus.Failed, job.Status); // the first empty file fails a per-file task
        var inventory = Assert.Single(await client.ListTasksAsync(job.JobId, stage: 1)).Result!;
        Assert.Equal(2500, inventory["count"]!.GetValue<int>());
        Assert.Null(inventory["files"]); // bounds only: the names are not in the first stage's result
        var pages = inventory["pages"]!.AsArray().Select(p => (p!["first"]!.GetValue<string>(), p["last"]!.GetValue<string>(), p["count"]!.GetValue<int>()));
        Assert.Equal([(expected[0], expected[999], 1000), (expected[1000], expected[1999], 1000), (expected[2000], expected[2499], 500)], pages);

        var listing = (await client.ListTasksAsync(job.JobId, stage: 2)).OrderBy(t => t.Ordinal).ToList();
        Assert.Equal(["raster_page"], listing.Select(t => t.TaskType).Distinct());
        Assert.Equal([1000, 1000, 500], listing.Select(t => t.Result!["files"]!.AsArray().Count));

        var perFile = (await client.ListTasksAsync(job.JobId, stage: 3)).OrderBy(t => t.Ordinal).ToList();
        Assert.Equal(2500, perFile.Count);
        Assert.Equal(Enumerable.Range(0, 2500).Select(i => $"{i}"), perFile.Select(t => t.TaskKey));
        Assert.Equal(expected, perFile.Select(t => t.Parameters["name"]!.GetValue<string>()));
        Assert.Equal(expected.Select(n => n.Replace('/', '_')), perFile.Select(t => t.Parameters["item_id"]!.GetValue<string>()));
        Assert.Equal(expected.Select(n => Path.Combine(Input, n + ".tif")), perFile.Select(t => t.Parameters["source"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Run_NamesThatClashWithoutCaseOnDifferentPages_FailsTheFirstStageNamingBoth()
    {
        Directory.CreateDirectory(Input);
        foreach (var i in Enumerable.Range(0, 1200))
            await File.WriteAllBytesAsync(Path.Combine(Input, $"r{i:D4}.tif"), []);
        // "A" sorts before every "r....", "a" after them: 1,201 names apart, on different pages.
        await File.WriteAllBytesAsync(Path.Combine(Input, "A.tif"), []);
        await File.WriteAllBytesAsync(Path.Combine(Input, "a.tiff"), []);

        var (client, job) = await RunAsync("raster_to_cog");

        Assert.Equal(JobStatus.Failed, job.Status);
        var list = Assert.Single(await client.ListTasksAsync(job.JobId, stage: 1));
        Assert.Equal(TaskRecordStatus.Failed, list.Status);
        Assert.Contains($"'{Path.Combine(Input, "A.tif")}'", list.ErrorMessage);
        Assert.Contains($"'{Path.Combine(Input, "a.tiff")}'", list.ErrorMessage);
        Assert.Contains("would both be written as", list.ErrorMessage);
        Assert.Empty(await client.ListTasksAsync(job.JobId, stage: 2));
    }
}
