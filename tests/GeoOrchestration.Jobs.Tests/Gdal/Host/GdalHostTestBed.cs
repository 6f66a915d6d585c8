using GeoOrchestration.Jobs.Gdal;

namespace GeoOrchestration.Jobs.Tests.Gdal.Host;

/// <summary>
/// The head the GDAL host tests share: a temporary <see cref="Folder"/>, a <see cref="Pool"/> of two
/// hosts (it starts none until leased), and, when the class names one, a 16 × 16 UTM raster in the
/// folder (<see cref="Raster"/>); after each test the pool ends every host it started and the folder goes.
/// </summary>
/// <param name="folder">The temporary folder's name prefix.</param>
/// <param name="raster">The raster's file name; null for none.</param>
public abstract class GdalHostTestBed(string folder, string? raster = null) : IAsyncLifetime
{
    protected TempFolder Folder { get; } = new(folder);

    protected GdalHostPool Pool { get; } = new(new GdalHostOptions { MaxHosts = 2 });

    /// <summary>The raster's path ("" when the class asked for none).</summary>
    protected string Raster { get; private set; } = "";

    public virtual async Task InitializeAsync()
    {
        if (raster is not null) Raster = await TestRasters.Utm33Async(Folder.File(raster), size: 16);
    }

    public virtual async Task DisposeAsync()
    {
        await Pool.DisposeAsync();
        Folder.Dispose();
    }
}
