using GeoOrchestration.Definitions;

namespace GeoOrchestration.Jobs.Raster;

/// <summary>The task plans the raster job types share.</summary>
internal static class RasterPlans
{
    /// <summary>The first stage's one task: list the source.</summary>
    public static IEnumerable<TaskPlan> List(RasterParameters p) =>
        [TaskPlan.Create("list", new { p.Source, p.Recursive, p.Destination })];

    /// <summary>One task per listed file, keyed by its position in the (sorted) listing.</summary>
    public static IEnumerable<TaskPlan> PerFile(StageResults listed, Func<StageResult, object> parameters)
    {
        var files = listed.Single().GetArray("files");
        for (var i = 0; i < files.Count; i++)
            yield return TaskPlan.Create(i.ToString(System.Globalization.CultureInfo.InvariantCulture),
                parameters(new StageResult(listed[0].TaskId, $"{i}", listed.Stage, files[i])));
    }

    /// <summary>What the catalogue task needs besides the results.</summary>
    public static object Catalog(RasterParameters p, string description) => new
    {
        p.Destination,
        CollectionId = p.CollectionId ?? RasterPaths.DefaultCollectionId(p.Destination),
        Description = description,
    };
}
