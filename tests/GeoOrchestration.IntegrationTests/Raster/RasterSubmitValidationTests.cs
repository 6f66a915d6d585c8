using System.Text.Json.Nodes;
using GeoOrchestration.Errors;
using GeoOrchestration.IntegrationTests.Infrastructure;
using GeoOrchestration.Jobs.Gdal;
using GeoOrchestration.Jobs.Raster;
using GeoOrchestration.Jobs.Raster.Cog;
using GeoOrchestration.StoreConformance.Rasters;

namespace GeoOrchestration.IntegrationTests.Raster;

/// <summary>Bad input to the raster job types is refused at submit, naming the field and the rule, and nothing is written.</summary>
public sealed class RasterSubmitValidationTests(SchemaFixture fixture) : IClassFixture<SchemaFixture>, IDisposable
{
    private readonly TempFolder _folder = new("raster-submit");

    public void Dispose() => _folder.Dispose();

    private string Input => Path.Combine(_folder.Path, "in");
    private string Output => Path.Combine(_folder.Path, "out");

    public static TheoryData<string, string, string> Cases => new()
    {
        { "missing_folder", "source[0]", "exists" },
        { "relative_source", "source[0]", "absolute" },
        { "missing_file", "source[1]", "exists" },
        { "folder_among_files", "source[0]", "folder_alone" },
        { "recursive_files", "recursive", "folder_source" },
        { "inside_source", "destination", "inside_source" },
        { "destination_is_source", "destination", "inside_source" },
        { "destination_is_file", "destination", "folder" },
        { "not_writable", "destination", "writable" },
        { "relative_destination", "destination", "absolute" },
        { "overwrites_source", "source[0]", "overwrites_source" },
        { "unknown_compression", "compression", "allowed" },
        { "blocksize_not_power", "blocksize", "power_of_two" },
        { "blocksize_small", "blocksize", "minimum" },
        { "crs_format", "target_crs", "format" },
        { "crs_unknown", "target_crs", "unknown_crs" },
        { "collection_id", "collection_id", "format" },
        { "negative_tolerance", "max_failed_files", "minimum" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Submit_BadInput_IsRefusedNamingFieldAndRule_AndWritesNothing(string fault, string field, string rule)
    {
        var first = await TestRasters.Utm33Async(Path.Combine(Input, "a.tif"), size: 16);
        var parameters = new JsonObject { ["source"] = new JsonArray(Input), ["destination"] = Output };
        switch (fault)
        {
            case "missing_folder": parameters["source"] = new JsonArray(Path.Combine(_folder.Path, "nowhere")); break;
            case "relative_source": parameters["source"] = new JsonArray("in/*.tif"); break;
            case "missing_file": parameters["source"] = new JsonArray(first, Path.Combine(Input, "b.tif")); break;
            case "folder_among_files": parameters["source"] = new JsonArray(Input, first); break;
            case "recursive_files": parameters["source"] = new JsonArray(first); parameters["recursive"] = true; break;
            case "inside_source": parameters["destination"] = Path.Combine(Input, "cogs"); break;
            case "destination_is_source": parameters["destination"] = Input; break;
            case "destination_is_file": parameters["destination"] = first; break;
            case "not_writable": parameters["destination"] = "/sys/geoorch-test-output"; break; // refused even to root
            case "relative_destination": parameters["destination"] = "out"; break;
            case "overwrites_source": parameters["source"] = new JsonArray(first); parameters["destination"] = Input; break;
            case "unknown_compression": parameters["compression"] = "LZ4"; break;
            case "blocksize_not_power": parameters["blocksize"] = 300; break;
            case "blocksize_small": parameters["blocksize"] = 64; break;
            case "crs_format": parameters["target_crs"] = "epsg:4326"; break;
            case "crs_unknown": parameters["target_crs"] = "EPSG:99999"; break;
            case "collection_id": parameters["collection_id"] = "my rasters/2024"; break;
            case "negative_tolerance": parameters["max_failed_files"] = -1; break;
        }
        var jobsBefore = await fixture.ScalarAsync("SELECT count(*) FROM {schema}.jobs");

        var e = await Assert.ThrowsAsync<GeoValidationException>(() => fixture.Client.SubmitAsync("raster_to_cog", parameters));

        Assert.Contains(e.Errors, error => error.Field == field && error.Rule == rule);
        var error = e.Errors.First(x => x.Field == field && x.Rule == rule);
        Assert.Contains($"'{field}'", error.Message);
        Assert.Equal(jobsBefore, await fixture.ScalarAsync("SELECT count(*) FROM {schema}.jobs"));
        Assert.False(Directory.Exists(Output));
        Assert.Equal(["a.tif"], Directory.EnumerateFileSystemEntries(Input).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Submit_InventoryIntoItsOwnSourceFolder_IsAccepted()
    {
        await TestRasters.Utm33Async(Path.Combine(Input, "a.tif"), size: 16);

        var submission = await fixture.Client.SubmitAsync("raster_inventory",
            new JsonObject { ["source"] = new JsonArray(Input), ["destination"] = Input });

        Assert.True(submission.Created);
    }

    [Fact]
    public async Task Check_WithoutGdalsLibrary_IsAConfigurationErrorNamingWhatWasTried()
    {
        await TestRasters.Utm33Async(Path.Combine(Input, "a.tif"), size: 16);
        var parameters = new RasterToCogParameters { Source = [Input], Destination = Output };
        await using var pool = new GdalHostPool(new GdalHostOptions
        {
            Environment = new Dictionary<string, string> { ["GEO_GDAL_LIBRARY"] = Path.Combine(_folder.Path, "libgdal.so") },
        });

        var e = Assert.Throws<GeoConfigurationException>(() => RasterToCogChecks.Check(parameters, pool).ToList());

        Assert.Equal(GdalFailure.NotFoundId, e.ErrorId);
        Assert.StartsWith("GDAL is not installed here: ", e.Message);
        Assert.Contains(Path.Combine(_folder.Path, "libgdal.so"), e.Message);
    }

    [Fact]
    public async Task CogCompressions_ThisGdal_SupportsEveryCompressionTheJobOffers()
    {
        await using var gdal = await GdalHostPool.Shared.OpenAsync(CancellationToken.None);

        var supported = await GdalCapabilities.CogCompressionsAsync(gdal, CancellationToken.None);

        Assert.Superset(new HashSet<string> { "DEFLATE", "LZW", "ZSTD", "WEBP", "JPEG", "NONE" }, supported.ToHashSet());
    }
}
