using GeoOrchestration.Definitions;
using GeoOrchestration.Jobs.Raster.Cog;

namespace GeoOrchestration.Jobs.Raster;

/// <summary>The files a raster job writes under its destination, by the names its listing gave the rasters.</summary>
internal static class RasterOutputs
{
    /// <summary>
    /// Every output path of a job: each raster's Item (and, when <paramref name="cogs"/>, its COG)
    /// and the Collection, whether or not it was written.
    /// </summary>
    /// <param name="listing">The <c>listing</c> stage's results: one page of files each, enumerated in order.</param>
    public static IEnumerable<string> Of(RasterParameters p, StageResults listing, bool cogs)
    {
        yield return RasterPaths.Collection(p.Destination);
        foreach (var file in listing.SelectMany(page => page.GetArray("files")))
        {
            var name = file!["name"]!.GetValue<string>();
            yield return RasterPaths.Item(p.Destination, name);
            if (cogs) yield return CogPaths.Output(p.Destination, name);
        }
    }

    /// <summary>
    /// At the job's end: removes the temporary files its outputs still have, which only a process
    /// killed mid-write leaves (an attempt that ends in any other way removes its own). Returns how
    /// many it removed, for the job's result (<c>temporary_files_removed</c>). A container
    /// destination has none to sweep: an upload's uncommitted blocks are invisible and never a blob.
    /// </summary>
    public static int SweepTemporaries(RasterParameters p, IReadOnlyList<StageResults> results, bool cogs) =>
        Storage.BlobLocation.IsBlob(p.Destination) ? 0 : TemporaryFiles.Sweep(Of(p, results[1], cogs));
}
