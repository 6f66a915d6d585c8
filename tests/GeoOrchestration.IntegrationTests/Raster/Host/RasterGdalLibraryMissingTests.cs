using GeoOrchestration.IntegrationTests.Infrastructure;
using GeoOrchestration.Jobs.Gdal;
using GeoOrchestration.StoreConformance.Rasters;

namespace GeoOrchestration.IntegrationTests.Raster.Host;

/// <summary>
/// GDAL's library missing is the same configuration error as GDAL's tools missing were: exit 7 from
/// <c>geoorch submit</c>, <c>GdalNotFound</c> with the same opening words, naming what was tried,
/// and nothing written. A real geoorch process whose hosts are pointed at a library that is not there.
/// </summary>
public sealed class RasterGdalLibraryMissingTests(SchemaFixture fixture) : IClassFixture<SchemaFixture>, IDisposable
{
    private readonly TempFolder _folder = new("raster-no-gdal");

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("raster_to_cog")]
    [InlineData("raster_inventory")]
    public async Task Submit_GdalLibraryMissing_ExitsSevenWithGdalNotFound_AndWritesNothing(string jobType)
    {
        var input = Path.Combine(_folder.Path, "in");
        var output = Path.Combine(_folder.Path, "out");
        await TestRasters.Utm33Async(Path.Combine(input, "a.tif"), size: 16);
        var jobsBefore = await fixture.ScalarAsync("SELECT count(*) FROM {schema}.jobs");

        var result = await Geoorch.RunAsync(["submit", jobType, "-p", $"source={input}", "-p", $"destination={output}", "--output", "json"],
            new Dictionary<string, string?>
            {
                ["GEO_CONNECTION"] = fixture.Server.ConnectionString,
                ["GEO_SCHEMA"] = fixture.Schema,
                ["GEO_GDAL_LIBRARY"] = "/nonexistent/libgdal.so",
            });

        Assert.True(result.ExitCode == 7, $"exit {result.ExitCode}: {result.Stderr}");
        var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("geoorch: GDAL is not installed here: ", line);
        Assert.Contains("/nonexistent/libgdal.so", line);
        Assert.Equal(GdalFailure.NotFoundId, result.Json["error"]!["id"]!.GetValue<string>());
        Assert.Equal(jobsBefore, await fixture.ScalarAsync("SELECT count(*) FROM {schema}.jobs"));
        Assert.False(Directory.Exists(output));
    }
}
