using GeoOrchestration.Jobs.Gdal.Native;

namespace GeoOrchestration.Jobs.Tests.Gdal.Native;

public sealed class GdalLibraryTests
{
    [Fact]
    public void Candidates_NothingConfigured_OnLinuxAreTheUnversionedNameThenGdal3SonamesNewestFirst()
    {
        var names = GdalLibrary.Candidates(null);

        Assert.Equal("libgdal.so", names[0]);
        Assert.Equal("libgdal.so.40", names[1]);
        Assert.Equal("libgdal.so.26", names[^1]);
        Assert.Contains("libgdal.so.32", names);
        Assert.Equal(16, names.Count);
    }

    [Fact]
    public void Candidates_Configured_AreOnlyThatName()
    {
        Assert.Equal(["/opt/gdal/lib/libgdal.so.36"], GdalLibrary.Candidates("/opt/gdal/lib/libgdal.so.36"));
    }
}
