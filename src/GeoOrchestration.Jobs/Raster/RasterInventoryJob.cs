using System.Text.Json.Nodes;
using GeoOrchestration.Definitions;
using GeoOrchestration.Errors;
using GeoOrchestration.Jobs.Gdal;
using GeoOrchestration.Jobs.Raster.Tasks;

namespace GeoOrchestration.Jobs.Raster;

/// <summary>
/// A STAC catalogue of existing rasters, converting nothing: <c>scan</c> lists the files' page
/// bounds, <c>listing</c> lists each page (at most 1,000 files), <c>describe</c> runs gdalinfo on each, <c>catalog</c> writes the Collection and Items (assets
/// point at the rasters where they are). The result says which files already are valid COGs.
/// </summary>
[JobType("raster_inventory", Description = "Writes a STAC 1.0.0 catalogue of existing rasters (no conversion) and reports which are valid COGs.")]
public sealed class RasterInventoryJob : JobDefinition<RasterInventoryParameters>
{
    public override IReadOnlyList<StageDefinition<RasterInventoryParameters>> Stages { get; } =
    [
        Single("scan", RasterTaskTypes.List, RasterPlans.List),
        FanOut("listing", RasterTaskTypes.Page, RasterPlans.Pages),
        FanOut("describe", RasterTaskTypes.Describe, (p, listed) => RasterPlans.PerFile(listed, file => new
        {
            Source = file.GetString("source"),
            Name = file.GetString("name"),
            ItemId = file.GetString("item_id"),
            p.Destination,
        })).Tolerating(p => StageTolerance.Count(p.MaxFailedFiles)),
        FanIn("catalog", RasterTaskTypes.Catalog, p => RasterPlans.Catalog(p, "Rasters catalogued in place by GeoOrchestration's raster_inventory.")),
    ];

    protected override IEnumerable<ValidationError> Validate(RasterInventoryParameters parameters)
    {
        RasterChecks.Gdal(GdalHostPool.Shared);
        var errors = new List<ValidationError>();
        var source = RasterChecks.Source(parameters, errors);
        RasterChecks.Destination(parameters, source, mayBeInSource: true, errors);
        RasterChecks.CollectionId(parameters, errors);
        return errors;
    }

    protected override JsonNode? Finalize(RasterInventoryParameters parameters, IReadOnlyList<StageResults> results)
    {
        var summary = RasterSummary.Build(Name, results, converted: false);
        summary["temporary_files_removed"] = RasterOutputs.SweepTemporaries(parameters, results, cogs: false);
        return summary;
    }
}
