using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace GeoOrchestration.Jobs.Raster.Facts;

/// <summary>
/// How <see cref="RasterFacts"/> are written and read (source-generated): snake_case names, nulls
/// written (a reader of a task's result sees every field), numbers as numbers.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(RasterFacts))]
[JsonSerializable(typeof(IReadOnlyList<RasterBandFacts>))]
internal sealed partial class RasterFactsJson : JsonSerializerContext
{
    /// <summary>The bands as the facts store them, which is STAC's <c>raster:bands</c>.</summary>
    public static JsonArray Bands(IReadOnlyList<RasterBandFacts> bands) =>
        JsonSerializer.SerializeToNode(bands, Default.IReadOnlyListRasterBandFacts)!.AsArray();
}
