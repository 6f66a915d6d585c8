using System.Text.Json.Nodes;
using GeoOrchestration.Errors;
using GeoOrchestration.IntegrationTests.Infrastructure;
using GeoOrchestration.Model;
using GeoOrchestration.StoreConformance.Rasters;

namespace GeoOrchestration.IntegrationTests.Raster;

/// <summary>
/// One submission names every broken rule: the declared parameter rules (a range, a timeout), and
/// the job type's own path and EPSG checks together, not the second only once the first is fixed;
/// still writing nothing. Through the client and through geoorch.
/// </summary>
public sealed class RasterOneRoundValidationTests(SchemaFixture fixture) : IClassFixture<SchemaFixture>, IDisposable
{
    private readonly TempFolder _folder = new("raster-one-round");

    public void Dispose() => _folder.Dispose();

    private string Output => Path.Combine(_folder.Path, "out");

    [Fact]
    public async Task Submit_SchemaRuleAndPathAndEpsgRulesBroken_NamesThemAllInOneRound_AndWritesNothing()
    {
        var parameters = new JsonObject
        {
            ["source"] = new JsonArray("in/*.tif"),   // the job type's rule: absolute
            ["destination"] = Output,
            ["blocksize"] = 64,                       // declared: minimum 128
            ["target_crs"] = "epsg:4326",             // the job type's rule: EPSG:<number>
        };
        var jobsBefore = await fixture.ScalarAsync("SELECT count(*) FROM {schema}.jobs");

        var e = await Assert.ThrowsAsync<GeoValidationException>(() =>
            fixture.Client.SubmitAsync("raster_to_cog", parameters, new SubmitOptions { TaskTimeout = TimeSpan.FromSeconds(-1) }));

        var rules = e.Errors.Select(x => (x.Field, x.Rule)).ToList();
        Assert.Contains(("blocksize", "minimum"), rules);
        Assert.Contains(("source[0]", "absolute"), rules);
        Assert.Contains(("target_crs", "format"), rules);
        Assert.Contains(("task_timeout", "range"), rules);
        // The job type's power-of-two check saw the default blocksize, not 64: not reported twice.
        Assert.DoesNotContain(("blocksize", "power_of_two"), rules);
        Assert.Equal(jobsBefore, await fixture.ScalarAsync("SELECT count(*) FROM {schema}.jobs"));
        Assert.False(Directory.Exists(Output));
    }

    [Fact]
    public async Task CliSubmit_SchemaRuleAndPathAndEpsgRulesBroken_ListsEveryFieldAndExitsTwo_CreatingNoStore()
    {
        var store = Path.Combine(_folder.Path, "store", "geo.db");

        var result = await Geoorch.RunAsync(["submit", "raster_to_cog", "--param", "source=in/*.tif", "--param", $"destination={Output}",
            "--param", "blocksize=64", "--param", "target_crs=epsg:4326", "--connection", $"sqlite:{store}", "--output", "json"]);

        Assert.Equal(2, result.ExitCode);
        var fields = result.Json["error"]!["fields"]!.AsArray().Select(f => (f!["field"]!.GetValue<string>(), f["rule"]!.GetValue<string>())).ToList();
        Assert.Contains(("blocksize", "minimum"), fields);
        Assert.Contains(("source[0]", "absolute"), fields);
        Assert.Contains(("target_crs", "format"), fields);
        Assert.False(File.Exists(store));
        Assert.False(Directory.Exists(Output));
    }
}
