using System.Text.Json.Nodes;

namespace GeoOrchestration.StoreConformance.Rasters;

/// <summary>Reads and checks GeoJSON positions, for the footprint tests and the STAC catalogue checks.</summary>
public static class GeoJsonAssert
{
    public static (double Lon, double Lat) Point(JsonNode? node) => (node![0]!.GetValue<double>(), node[1]!.GetValue<double>());

    public static List<List<(double Lon, double Lat)>> Rings(JsonObject polygon) =>
        polygon["coordinates"]!.AsArray().Select(r => r!.AsArray().Select(Point).ToList()).ToList();

    /// <summary>Inside a bbox, across the antimeridian when its west exceeds its east (with a centimetre's slack for rounding).</summary>
    public static void AssertInside(double[] bbox, (double Lon, double Lat) point)
    {
        const double slack = 1e-6;
        Assert.InRange(point.Lat, bbox[1] - slack, bbox[3] + slack);
        var inLongitude = bbox[0] <= bbox[2]
            ? point.Lon >= bbox[0] - slack && point.Lon <= bbox[2] + slack
            : point.Lon >= bbox[0] - slack || point.Lon <= bbox[2] + slack;
        Assert.True(inLongitude, $"({point.Lon}, {point.Lat}) is outside [{string.Join(", ", bbox)}]");
    }
}
