using System.Diagnostics;
using System.Text.Json.Nodes;
using GeoOrchestration.Definitions;
using GeoOrchestration.Jobs.Gdal;
using GeoOrchestration.Jobs.Raster.Facts;
using GeoOrchestration.Jobs.Raster.Footprints;
using GeoOrchestration.Jobs.Raster.Reading;

namespace GeoOrchestration.Jobs.Raster.Tasks;

/// <summary>
/// Describes one raster as it is, for <c>raster_inventory</c>: gdalinfo, its footprint and its
/// SHA-256 (a blob from a local copy, <see cref="RasterReader"/>); its facts say whether it is
/// already a valid COG (<c>is_cog</c>). Writes nothing but that copy, removed at the end.
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
        await using var source = await RasterReader.OpenAsync(input.GetString("source"), context, cancellationToken);
        var run = await clock.RunAsync(runner, GdalTools.Info, ["-json", "-mdd", "IMAGERY", source.Path], source.Source, cancellationToken);
        var info = GdalInfoReader.Parse(run.StandardOutput, source.Source);
        var placement = await FootprintReader.ReadAsync(runner, source.Path, info, clock, cancellationToken);
        return new RasterObservation
        {
            Source = source.Source,
            SourceBytes = source.Bytes,
            Asset = source.Source,
            AssetBytes = source.Bytes,
            Sha256 = await source.Sha256Async(cancellationToken),
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
