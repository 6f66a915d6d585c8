using System.Text.Json.Nodes;

namespace GeoOrchestration.Jobs.Raster.Footprints;

/// <summary>
/// Turns a raster's outline in longitude/latitude (its densified edge, in order around the raster)
/// into a <see cref="Footprint"/>: a plain Polygon; a MultiPolygon split at the antimeridian
/// (RFC 7946, section 3.1.9) with a bbox whose west exceeds its east; or, when the outline winds
/// once around a pole, a cap reaching that pole across all longitudes (bbox from -180 to 180 and up
/// to ±90). Coordinates are rounded to 7 decimals (about a centimetre).
/// </summary>
public static class FootprintBuilder
{
    private const int Decimals = 7;

    /// <summary>The footprint of an outline, or null when it has fewer than three points.</summary>
    public static Footprint? FromOutline(IReadOnlyList<(double Lon, double Lat)> outline)
    {
        var points = outline.Select(p => (X: NormalizeLongitude(p.Lon), Y: p.Lat)).ToList();
        if (points.Count > 1 && points[0] == points[^1]) points.RemoveAt(points.Count - 1);
        if (points.Count < 3) return null;

        var steps = Enumerable.Range(0, points.Count).Select(i => Step(points[i].X, points[(i + 1) % points.Count].X)).ToList();
        var winding = steps.Sum();
        if (Math.Abs(winding) > 180) return PolarCap(points, winding);

        // Unwrapped: each longitude follows from the previous by the short way round, so an outline
        // that crosses the antimeridian runs past ±180 instead of jumping across the map.
        var unwrapped = new List<(double X, double Y)>(points.Count) { points[0] };
        for (var i = 1; i < points.Count; i++) unwrapped.Add((unwrapped[i - 1].X + steps[i - 1], points[i].Y));
        var (minX, maxX) = (unwrapped.Min(p => p.X), unwrapped.Max(p => p.X));
        var (south, north) = (points.Min(p => p.Y), points.Max(p => p.Y));
        if (maxX - minX >= 360 - 1e-9)
            return Polygon(Box(-180, south, 180, north), [-180, south, 180, north]);
        if (minX < -180) unwrapped = unwrapped.Select(p => (X: p.X + 360, p.Y)).ToList();
        else if (maxX <= 180) return Polygon(unwrapped, [minX, south, maxX, north]);

        // It straddles +180: the western part up to 180, the eastern part from -180.
        var west = Ring.Clip(unwrapped, 180, keepWest: true);
        var east = Ring.Clip(unwrapped, 180, keepWest: false).Select(p => (X: p.X - 360, p.Y)).ToList();
        var bbox = new[] { west.Min(p => p.X), south, east.Max(p => p.X), north };
        return new Footprint(new JsonObject
        {
            ["type"] = "MultiPolygon",
            ["coordinates"] = new JsonArray(Rings(west), Rings(east)),
        }, Round(bbox));
    }

    /// <summary>
    /// An outline that winds once around a pole: the cap it bounds, drawn from -180 along the
    /// outline to 180, then along the pole's latitude back (the pole itself is a line in lon/lat).
    /// </summary>
    private static Footprint PolarCap(List<(double X, double Y)> points, double winding)
    {
        if (winding < 0) points.Reverse();
        var n = points.Count;
        var pole = points.Average(p => p.Y) >= 0 ? 90.0 : -90.0;
        // Start just after the outline passes from east (near +180) to west (near -180).
        var start = Enumerable.Range(0, n).FirstOrDefault(i => points[(i + 1) % n].X < points[i].X && Step(points[i].X, points[(i + 1) % n].X) > 0);
        var before = points[start];
        var first = points[(start + 1) % n];
        var entry = Ring.Crossing((before.X - 360, before.Y), first, -180).Y;
        var cap = new List<(double X, double Y)> { (-180, entry) };
        var x = first.X;
        for (var i = 1; i <= n; i++)
        {
            var p = points[(start + i) % n];
            cap.Add((Math.Clamp(x, -180, 180), p.Y));
            if (i < n) x += Step(p.X, points[(start + i + 1) % n].X);
        }
        cap.AddRange([(180, entry), (180, pole), (-180, pole)]);
        var lats = points.Select(p => p.Y).ToList();
        var bbox = pole > 0 ? new[] { -180, lats.Min(), 180, 90.0 } : [-180, -90.0, 180, lats.Max()];
        return Polygon(cap, bbox);
    }

    private static Footprint Polygon(List<(double X, double Y)> ring, double[] bbox) =>
        new(new JsonObject { ["type"] = "Polygon", ["coordinates"] = Rings(ring) }, Round(bbox));

    /// <summary>A polygon's coordinates: one exterior ring, counter-clockwise and closed.</summary>
    private static JsonArray Rings(List<(double X, double Y)> ring)
    {
        var closed = Ring.CounterClockwise(ring.Select(p => (Math.Round(p.X, Decimals), Math.Round(p.Y, Decimals))).ToList());
        if (closed[0] != closed[^1]) closed.Add(closed[0]);
        return new JsonArray(new JsonArray(closed.Select(p => (JsonNode)new JsonArray(p.X, p.Y)).ToArray()));
    }

    private static List<(double X, double Y)> Box(double west, double south, double east, double north) =>
        [(west, south), (east, south), (east, north), (west, north)];

    private static double[] Round(double[] bbox) => bbox.Select(v => Math.Round(v, Decimals)).ToArray();

    /// <summary>Into [-180, 180], leaving ±180 as given (an edge at 180 stays east, not west).</summary>
    internal static double NormalizeLongitude(double lon)
    {
        while (lon > 180) lon -= 360;
        while (lon < -180) lon += 360;
        return lon;
    }

    /// <summary>The short way from one longitude to the next, in (-180, 180].</summary>
    private static double Step(double from, double to)
    {
        var d = to - from;
        while (d > 180) d -= 360;
        while (d <= -180) d += 360;
        return d;
    }
}
