using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace GeoOrchestration.Jobs.Raster.Stac;

/// <summary>A time as STAC writes it (<see cref="StacValues.Time"/>: RFC 3339 UTC, to the second); read back in UTC.</summary>
public sealed class StacTimeConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        DateTimeOffset.TryParse(reader.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time.ToUniversalTime()
            : throw new JsonException($"Expected an RFC 3339 time such as 2021-03-04T05:06:07Z; found \"{reader.GetString()}\".");

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(StacValues.Time(value));
}
