using GeoOrchestration.Jobs.Gdal;

namespace GeoOrchestration.Jobs.Tests.Gdal.Host;

public sealed class GdalSessionTests() : GdalHostTestBed("gdal-session")
{
    private GdalSession _session = null!;

    public override async Task InitializeAsync() => _session = await Pool.OpenAsync(CancellationToken.None);

    public override async Task DisposeAsync()
    {
        await _session.DisposeAsync();
        await base.DisposeAsync();
    }

    [Fact]
    public async Task InfoAsync_MissingFile_FailsPermanentlyWithGdalsMessageAndTheSubject()
    {
        var path = Folder.File("missing.tif");

        var e = await Assert.ThrowsAsync<GdalPermanentException>(() => _session.InfoAsync(path, "missing.tif", CancellationToken.None));

        Assert.Equal("GDALInfo", e.Tool);
        Assert.Contains("GDALInfo on missing.tif failed: ERROR 4:", e.Message);
        Assert.Contains("No such file or directory", e.Message);
        Assert.Equal(Engine.FailureKind.Permanent, Engine.ExceptionClassifier.Classify(e));
    }

    [Fact]
    public async Task InfoAsync_NotARaster_FailsPermanentlyAndTheHostLivesOn()
    {
        var pid = _session.HostProcessId;
        var path = await TestRasters.NotARasterAsync(Folder.File("text.tif"));

        var e = await Assert.ThrowsAsync<GdalPermanentException>(() => _session.InfoAsync(path, "text.tif", CancellationToken.None));

        Assert.Contains("not recognized as a supported file format", e.Message);
        Assert.Equal(pid, _session.HostProcessId);
    }

    [Fact]
    public async Task TranslateAsync_CorruptPixels_FailsPermanentlyWithTheReadErrors()
    {
        var path = await TestRasters.CorruptAsync(Folder.File("corrupt.tif"));

        var e = await Assert.ThrowsAsync<GdalPermanentException>(() =>
            _session.TranslateAsync(path, Folder.File("out.tif"), ["-of", "COG"], "corrupt.tif", CancellationToken.None));

        Assert.Equal("GDALTranslate", e.Tool);
        Assert.Contains("IReadBlock failed", e.Message);
    }

    [Fact]
    public async Task TranslateAsync_UnknownOption_FailsPermanentlyNamingTheArguments()
    {
        var path = await TestRasters.Utm33Async(Folder.File("a.tif"), size: 16);

        var e = await Assert.ThrowsAsync<GdalPermanentException>(() =>
            _session.TranslateAsync(path, Folder.File("out.tif"), ["-no-such-option"], "a.tif", CancellationToken.None));

        Assert.Contains("-no-such-option", e.Message);
    }

    [Fact]
    public async Task TranslateThenInfo_Cog_WritesACompleteFile()
    {
        var path = await TestRasters.Utm33Async(Folder.File("a.tif"), size: 300);
        var cog = Folder.File("a.cog.tif");

        await _session.TranslateAsync(path, cog, ["-of", "COG", "-co", "COMPRESS=DEFLATE", "-co", "BLOCKSIZE=256"], "a.tif", CancellationToken.None);
        var info = await _session.InfoAsync(cog, "a.cog.tif", CancellationToken.None);

        Assert.Equal(300, info.Width);
        Assert.Equal("DEFLATE", info.ImageStructure["COMPRESSION"]);
        Assert.Equal(2, _session.Clock.Runs);
    }

    [Fact]
    public async Task WarpAsync_ToWgs84_WritesTheReprojectedFile()
    {
        var path = await TestRasters.Utm33Async(Folder.File("a.tif"), size: 16);
        var warped = Folder.File("a.4326.tif");

        await _session.WarpAsync(path, warped, ["-t_srs", "EPSG:4326"], "a.tif", CancellationToken.None);

        Assert.Equal(4326, (await _session.InfoAsync(warped, "a.4326.tif", CancellationToken.None)).Crs?.Epsg);
    }

    [Fact]
    public async Task TransformAsync_Utm33Corners_AreLongitudeLatitude()
    {
        var path = await TestRasters.Utm33Async(Folder.File("a.tif"), size: 16);

        var points = await _session.TransformAsync(path, "EPSG:4326", [(0, 0), (16, 16)], "a.tif", CancellationToken.None);

        Assert.Equal(2, points.Count);
        // UTM 33N's central meridian is 15°E; northing 5,000,000 m is about 45°N.
        Assert.InRange(points[0]!.Value.X, 14.9, 15.1);
        Assert.InRange(points[0]!.Value.Y, 45.0, 45.3);
        Assert.True(points[1]!.Value.Y < points[0]!.Value.Y);
    }

    [Fact]
    public async Task TransformAsync_NoGeoreferencing_FailsPermanently()
    {
        var path = await TestRasters.UngeoreferencedAsync(Folder.File("plain.tif"));

        await Assert.ThrowsAsync<GdalPermanentException>(() =>
            _session.TransformAsync(path, "EPSG:4326", [(0, 0)], "plain.tif", CancellationToken.None));
    }

    [Fact]
    public async Task CreationOptionListAsync_Cog_ListsCompress()
    {
        var xml = await _session.CreationOptionListAsync("COG", CancellationToken.None);

        Assert.Contains("name='COMPRESS'", xml.Replace('"', '\''));
    }

    [Fact]
    public async Task SrsProblemAsync_KnownAndUnknown_NullOrGdalsReason()
    {
        Assert.Null(await _session.SrsProblemAsync("EPSG:32633", CancellationToken.None));

        var problem = await _session.SrsProblemAsync("EPSG:999999", CancellationToken.None);

        Assert.NotNull(problem);
        Assert.NotEmpty(problem);
    }
}
