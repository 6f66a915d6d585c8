using System.Security.Cryptography;
using System.Text.Json.Nodes;
using GeoOrchestration.IntegrationTests.Infrastructure;
using GeoOrchestration.IntegrationTests.Raster.Support;
using GeoOrchestration.Jobs.Raster.Stac;
using GeoOrchestration.Model;
using GeoOrchestration.StoreConformance.Rasters;

namespace GeoOrchestration.IntegrationTests.Raster;

public sealed class RasterInventoryRunTests(SchemaFixture fixture) : IClassFixture<SchemaFixture>, IDisposable
{
    private readonly TempFolder _folder = new("raster-inventory");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Run_IntoTheSourceFolder_CataloguesTheRastersInPlace_TellsWhichAreCogs_AndChangesNoRaster()
    {
        var cog = await TestRasters.CogAsync(_folder.File("cog.tif"));
        var striped = await TestRasters.NegativeNodataAsync(_folder.File("striped.tif"));
        var hashes = new[] { cog, striped }.ToDictionary(p => p, p => SHA256.HashData(File.ReadAllBytes(p)));
        var submission = await fixture.Client.SubmitAsync("raster_inventory",
            new JsonObject { ["source"] = new JsonArray(_folder.Path), ["destination"] = _folder.Path });

        var job = await WorkerRun.UntilTerminalAsync(fixture, submission.Job.JobId);

        Assert.Equal(JobStatus.Completed, job.Status);
        Assert.Equal((1, 1), (job.Result!["valid_cogs"]!.GetValue<int>(), job.Result["not_cogs"]!.GetValue<int>()));
        Assert.Equal([cog], job.Result["valid_cog_files"]!.AsArray().Select(f => f!.GetValue<string>()));
        Assert.Equal([striped], job.Result["not_cog_files"]!.AsArray().Select(f => f!.GetValue<string>()));
        var (_, items) = await StacCheck.LoadAsync(Path.Combine(_folder.Path, "collection.json"));
        var byAsset = items.ToDictionary(i => i.Asset);
        Assert.Equal("./cog.tif", byAsset[cog].Item["assets"]!["data"]!["href"]!.GetValue<string>());
        Assert.Equal(StacValues.CogMediaType, byAsset[cog].Item["assets"]!["data"]!["type"]!.GetValue<string>());
        Assert.Equal(StacValues.GeoTiffMediaType, byAsset[striped].Item["assets"]!["data"]!["type"]!.GetValue<string>());
        Assert.All(hashes, h => Assert.Equal(h.Value, SHA256.HashData(File.ReadAllBytes(h.Key))));
        Assert.Equal(["cog.item.json", "cog.tif", "collection.json", "striped.item.json", "striped.tif"],
            Directory.EnumerateFiles(_folder.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Run_CatalogueFilesLeftUnderTemporaryNamesByAKilledProcess_AreSweptWhenTheJobEnds_AndNoOtherHiddenFile()
    {
        // What a catalogue task killed mid-write leaves (its next attempt writes under new names),
        // beside hidden files that are the user's, in a destination that is the source folder.
        var raster = await TestRasters.Utm33Async(_folder.File("a.tif"));
        var leftovers = new[] { $".collection.json.{Guid.NewGuid():N}.tmp", $".a.item.json.{Guid.NewGuid():N}.tmp" };
        var theirs = new[] { ".notes", ".a.tif.bak", $".b.item.json.{Guid.NewGuid():N}.tmp", ".collection.json.tmp" };
        foreach (var name in leftovers.Concat(theirs)) await File.WriteAllTextAsync(_folder.File(name), "{");
        var submission = await fixture.Client.SubmitAsync("raster_inventory",
            new JsonObject { ["source"] = new JsonArray(raster), ["destination"] = _folder.Path });

        var job = await WorkerRun.UntilTerminalAsync(fixture, submission.Job.JobId);

        Assert.Equal(JobStatus.Completed, job.Status);
        Assert.Equal(2, job.Result!["temporary_files_removed"]!.GetValue<int>());
        Assert.Equal(theirs.Order(StringComparer.Ordinal), Directory.EnumerateFiles(_folder.Path, ".*").Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }
}
