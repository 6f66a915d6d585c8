using System.Diagnostics;
using System.Text.Json.Nodes;
using GeoOrchestration.Definitions;
using GeoOrchestration.Jobs.Gdal;
using GeoOrchestration.Jobs.Raster.Facts;
using GeoOrchestration.Jobs.Raster.Footprints;

namespace GeoOrchestration.Jobs.Raster.Tasks;

/// <summary>
/// Describes one raster as it is, for <c>raster_inventory</c>: gdalinfo, its footprint and its
/// SHA-256; its facts say whether it is already a valid COG (<c>is_cog</c>). Writes nothing.
/// </summary>
[TaskHandler(RasterTaskTypes.Describe)]
public sealed class DescribeHandler : ITaskHandler
{
    public async Task<JsonNode?> HandleAsync(TaskContext context, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var runner = GdalRunner.Default;
        var clock = new GdalClock();
        var input = context.Input;
        var source = new FileInfo(input.GetString("source"));
        var run = await clock.RunAsync(runner, GdalTools.Info, ["-json", "-mdd", "IMAGERY", source.FullName], source.FullName, cancellationToken);
        var info = GdalInfoReader.Parse(run.StandardOutput, source.FullName);
        var placement = await FootprintReader.ReadAsync(runner, source.FullName, info, clock, cancellationToken);
        return new RasterObservation
        {
            Source = source.FullName,
            SourceBytes = source.Length,
            Asset = source.FullName,
            AssetBytes = source.Length,
            Sha256 = await FileHashes.Sha256Async(source.FullName, cancellationToken),
            ItemPath = RasterPaths.Item(input.GetString("destination"), input.GetString("name")),
            ItemId = input.GetString("item_id"),
            Info = info,
            Placement = placement,
            ProcessedAt = DateTimeOffset.UtcNow,
            Elapsed = watch.Elapsed,
            Gdal = clock,
        }.ToFacts().ToJson();
    }
}
