using System.Diagnostics;
using System.Text.Json.Nodes;
using GeoOrchestration.Definitions;
using GeoOrchestration.Jobs.Gdal;
using GeoOrchestration.Jobs.Raster.Facts;
using GeoOrchestration.Jobs.Raster.Footprints;
using GeoOrchestration.Jobs.Raster.Reading;

namespace GeoOrchestration.Jobs.Raster.Tasks;

/// <summary>
/// Describes one raster as it is, for <c>raster_inventory</c>: GDALInfo and its footprint in one GDAL
/// host session (<see cref="GdalHostPool"/>), held only for those two requests, and its SHA-256 (a
/// blob from a local copy, <see cref="RasterReader"/>, hashed while it was downloaded; a file read
/// after the host is handed back); its facts say whether it is already a valid COG (<c>is_cog</c>).
/// Writes nothing but that copy, removed at the end.
/// </summary>
[TaskHandler(RasterTaskTypes.Describe)]
public sealed class DescribeHandler : ITaskHandler
{
    public async Task<JsonNode?> HandleAsync(TaskContext context, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var input = context.Input;
        await using var source = await RasterReader.OpenAsync(input.GetString("source"), context, cancellationToken);
        GdalInfo info;
        Placement placement;
        GdalClock clock;
        await using (var gdal = await GdalHostPool.Shared.OpenAsync(cancellationToken))
        {
            info = await gdal.InfoAsync(source.Path, source.Source, cancellationToken);
            placement = await FootprintReader.ReadAsync(gdal, source.Path, info, source.Source, cancellationToken);
            clock = gdal.Clock;
        }
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
