using System.Globalization;
using System.Text.Json.Nodes;
using GeoOrchestration.Definitions;
using GeoOrchestration.Errors;
using GeoOrchestration.Jobs.Gdal;
using GeoOrchestration.Jobs.Storage;

namespace GeoOrchestration.Jobs.Blob;

/// <summary>
/// An inventory of a container (or a prefix, with an optional glob): <c>inventory</c> lists its page
/// bounds, <c>listing</c> lists each page (at most 1,000 blobs), <c>describe</c> records each blob's
/// properties and, for rasters, GDAL's facts. Its result's <c>rasters</c> (blob URLs) is usable as
/// the <c>source</c> of <c>raster_to_cog</c>.
/// </summary>
[JobType("blob_inventory", Description = "Lists a Blob Storage container (prefix, glob) and records each blob's size, content type, last modified, MD5 and, for rasters, GDAL's facts.")]
public sealed class BlobInventoryJob : JobDefinition<BlobInventoryParameters>
{
    public override IReadOnlyList<StageDefinition<BlobInventoryParameters>> Stages { get; } =
    [
        Single("inventory", BlobTaskTypes.List, p => [TaskPlan.Create("list", new { p.Source, p.Recursive })]),
        FanOut("listing", BlobTaskTypes.Page, Pages),
        FanOut("describe", BlobTaskTypes.Describe, PerBlob).Tolerating(p => StageTolerance.Count(p.MaxFailedBlobs)),
    ];

    protected override IEnumerable<ValidationError> Validate(BlobInventoryParameters parameters)
    {
        var errors = new List<ValidationError>();
        if (BlobLocation.Parse(parameters.Source, "source", errors) is { } location)
            BlobAccessCheck.Source(location, "source", errors);
        if (parameters.RasterFacts)
            Raster.RasterChecks.Gdal(GdalHostPool.Shared);
        return errors;
    }

    protected override JsonNode? Finalize(BlobInventoryParameters parameters, IReadOnlyList<StageResults> results) =>
        BlobInventorySummary.Build(Name, results);

    private static IEnumerable<TaskPlan> Pages(BlobInventoryParameters p, StageResults inventoried)
    {
        var index = 0;
        foreach (var page in inventoried.Single().GetArray("pages"))
            yield return TaskPlan.Create(Key(index++), new { p.Source, p.Recursive, Page = page!.DeepClone() });
    }

    // One task per blob, walking the pages in order (enumerated: the engine may stream them).
    private static IEnumerable<TaskPlan> PerBlob(BlobInventoryParameters p, StageResults listing)
    {
        var index = 0;
        foreach (var page in listing)
            foreach (var blob in page.GetArray("blobs"))
            {
                var task = blob!.DeepClone().AsObject();
                task["raster_facts"] = p.RasterFacts;
                yield return new TaskPlan(Key(index++), task);
            }
    }

    private static string Key(int index) => index.ToString(CultureInfo.InvariantCulture);
}
