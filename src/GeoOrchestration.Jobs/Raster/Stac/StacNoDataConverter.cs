using System.Text.Json;
using System.Text.Json.Serialization;

namespace GeoOrchestration.Jobs.Raster.Stac;

/// <summary>
/// A nodata value as the raster extension's schema spells it (<see cref="StacValues.NoData"/>): a
/// number, or "nan", "inf" and "-inf", which JSON numbers cannot hold; read back the same.
/// </summary>
public sealed class StacNoDataConverter : JsonConverter<double>
{
    public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String
            ? reader.GetString() switch
            {
                "nan" => double.NaN,
                "inf" => double.PositiveInfinity,
                "-inf" => double.NegativeInfinity,
                var other => throw new JsonException($"A nodata value is a number, \"nan\", \"inf\" or \"-inf\"; found \"{other}\"."),
            }
            : reader.GetDouble();

    public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options) =>
        StacValues.NoData(value).WriteTo(writer, options);
}
