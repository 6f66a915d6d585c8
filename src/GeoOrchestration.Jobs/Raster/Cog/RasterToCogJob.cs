using System.Text.Json.Nodes;
using GeoOrchestration.Definitions;
using GeoOrchestration.Errors;
using GeoOrchestration.Jobs.Gdal;
using GeoOrchestration.Jobs.Raster.Tasks;

namespace GeoOrchestration.Jobs.Raster.Cog;

/// <summary>
/// Rasters to Cloud-Optimized GeoTIFFs with a STAC catalogue: <c>inventory</c> lists the files'
/// page bounds, <c>listing</c> lists each page (at most 1,000 files), <c>convert</c> makes one COG per file, <c>catalog</c> writes the STAC Collection and Items.
/// </summary>
[JobType("raster_to_cog", Description = "Converts rasters to Cloud-Optimized GeoTIFFs with GDAL and writes a STAC 1.0.0 catalogue of them.")]
public sealed class RasterToCogJob : JobDefinition<RasterToCogParameters>
{
    public override IReadOnlyList<StageDefinition<RasterToCogParameters>> Stages { get; } =
    [
        Single("inventory", RasterTaskTypes.List, RasterPlans.List),
        FanOut("listing", RasterTaskTypes.Page, RasterPlans.Pages),
        FanOut("convert", RasterTaskTypes.Convert, (p, listed) => RasterPlans.PerFile(listed, file => new
        {
            Source = file.GetString("source"),
            Name = file.GetString("name"),
            ItemId = file.GetString("item_id"),
            p.Destination,
            p.Compression,
            p.OverviewResampling,
            p.Blocksize,
            p.TargetCrs,
            p.Overwrite,
        })).Tolerating(p => StageTolerance.Count(p.MaxFailedFiles)),
        FanIn("catalog", RasterTaskTypes.Catalog, p => RasterPlans.Catalog(p, "Cloud-Optimized GeoTIFFs made by GeoOrchestration's raster_to_cog.")),
    ];

    protected override IEnumerable<ValidationError> Validate(RasterToCogParameters parameters) =>
        RasterToCogChecks.Check(parameters, GdalHostPool.Shared);

    protected override JsonNode? Finalize(RasterToCogParameters parameters, IReadOnlyList<StageResults> results)
    {
        var summary = RasterSummary.Build(Name, results, converted: true);
        summary["temporary_files_removed"] = RasterOutputs.SweepTemporaries(parameters, results, cogs: true);
        return summary;
    }
}
