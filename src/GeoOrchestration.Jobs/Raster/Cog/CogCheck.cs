using GeoOrchestration.Jobs.Gdal;

namespace GeoOrchestration.Jobs.Raster.Cog;

/// <summary>
/// Whether a file is the COG a conversion asked for, by what GDAL reports of it: the COG layout
/// (<c>LAYOUT=COG</c>), square tiles of the asked size in every band, and overviews down to one
/// tile when the raster is larger than one tile (what the COG driver makes by default).
/// </summary>
public static class CogCheck
{
    /// <summary>What is wrong with it; empty when it is valid.</summary>
    public static IReadOnlyList<string> Problems(GdalInfo info, int blocksize)
    {
        var problems = new List<string>();
        if (!info.IsCog) problems.Add("GDAL does not report the COG layout (LAYOUT=COG)");
        foreach (var band in info.Bands)
            if (band.BlockWidth != blocksize || band.BlockHeight != blocksize)
                problems.Add($"band {band.Index} is stored in {band.BlockWidth}x{band.BlockHeight} blocks, not {blocksize}x{blocksize} tiles");
        if (info.Bands.Count > 0 && Math.Max(info.Width, info.Height) > blocksize)
        {
            var overviews = info.Bands[0].Overviews;
            if (overviews.Count == 0)
                problems.Add($"it has no overviews although {info.Width}x{info.Height} pixels exceed one {blocksize}-pixel tile");
            else if (Math.Max(overviews[^1].Width, overviews[^1].Height) > blocksize)
                problems.Add($"its smallest overview ({overviews[^1].Width}x{overviews[^1].Height}) still exceeds one {blocksize}-pixel tile");
        }
        return problems;
    }
}
