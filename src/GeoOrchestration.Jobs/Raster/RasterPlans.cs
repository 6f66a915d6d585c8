using System.Globalization;
using GeoOrchestration.Definitions;
using GeoOrchestration.Jobs.Raster.Sources;

namespace GeoOrchestration.Jobs.Raster;

/// <summary>
/// The task plans the raster job types share: list the source's page bounds, list each page, one
/// task per file, the catalogue. The per-file planner walks the <c>listing</c> stage's results in
/// order (enumerating them: the engine may stream them from the store), so no plan holds the whole
/// listing.
/// </summary>
internal static class RasterPlans
{
    /// <summary>The first stage's one task: list the source's page bounds.</summary>
    public static IEnumerable<TaskPlan> List(RasterParameters p) =>
        [TaskPlan.Create("list", new { p.Source, p.Recursive, p.Destination })];

    /// <summary>
    /// One <c>raster_page</c> task per page the first stage found, keyed by its position. A list
    /// source's page gets its slice of the list (a page never carries the whole list).
    /// </summary>
    public static IEnumerable<TaskPlan> Pages(RasterParameters p, StageResults inventoried)
    {
        var index = 0;
        foreach (var node in inventoried.Single().GetArray("pages"))
        {
            var page = RasterPage.From(node!.AsObject());
            var source = page.Start is { } start ? p.Source[start..(start + page.Count)] : p.Source;
            yield return TaskPlan.Create(Key(index++), new { Source = source, p.Recursive, Page = node.DeepClone() });
        }
    }

    /// <summary>One task per listed file, in listing order, keyed by its position in the whole listing.</summary>
    public static IEnumerable<TaskPlan> PerFile(StageResults listing, Func<StageResult, object> parameters)
    {
        var index = 0;
        foreach (var page in listing)
            foreach (var file in page.GetArray("files"))
            {
                var key = Key(index++);
                yield return TaskPlan.Create(key, parameters(new StageResult(page.TaskId, key, listing.Stage, file)));
            }
    }

    /// <summary>What the catalogue task needs besides the results.</summary>
    public static object Catalog(RasterParameters p, string description) => new
    {
        p.Destination,
        CollectionId = p.CollectionId ?? RasterPaths.DefaultCollectionId(p.Destination),
        Description = description,
    };

    private static string Key(int index) => index.ToString(CultureInfo.InvariantCulture);
}
