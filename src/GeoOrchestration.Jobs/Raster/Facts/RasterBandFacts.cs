using System.Text.Json.Serialization;
using GeoOrchestration.Jobs.Raster.Stac;

namespace GeoOrchestration.Jobs.Raster.Facts;

/// <summary>One band of <see cref="RasterFacts"/>, as STAC's <c>raster:bands</c> entry.</summary>
/// <param name="DataType">The raster extension's name of the pixel type (uint8, float32, ...; "other" for one it has no name for).</param>
/// <param name="NoData">The nodata value, which may be negative, NaN or infinite (stored as "nan", "inf", "-inf"); null, and absent, when the band has none.</param>
public sealed record RasterBandFacts(
    string DataType,
    [property: JsonPropertyName("nodata")]
    [property: JsonConverter(typeof(StacNoDataConverter))]
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    double? NoData);
