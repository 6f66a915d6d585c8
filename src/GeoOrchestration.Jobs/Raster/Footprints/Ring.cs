namespace GeoOrchestration.Jobs.Raster.Footprints;

/// <summary>Plane geometry on (longitude, latitude) rings, as the footprint needs it.</summary>
internal static class Ring
{
    /// <summary>Twice the signed area (shoelace): positive for a counter-clockwise ring.</summary>
    public static double SignedArea(IReadOnlyList<(double X, double Y)> ring)
    {
        var sum = 0.0;
        for (var i = 0; i < ring.Count; i++)
        {
            var (x1, y1) = ring[i];
            var (x2, y2) = ring[(i + 1) % ring.Count];
            sum += x1 * y2 - x2 * y1;
        }
        return sum;
    }

    /// <summary>The ring counter-clockwise, as RFC 7946 asks of exterior rings.</summary>
    public static List<(double X, double Y)> CounterClockwise(List<(double X, double Y)> ring)
    {
        if (SignedArea(ring) < 0) ring.Reverse();
        return ring;
    }

    /// <summary>
    /// The part of a ring on one side of the meridian x = <paramref name="at"/> (Sutherland–Hodgman
    /// against one half-plane): <paramref name="keepWest"/> keeps x &lt;= at, else x &gt;= at.
    /// </summary>
    public static List<(double X, double Y)> Clip(IReadOnlyList<(double X, double Y)> ring, double at, bool keepWest)
    {
        bool Inside((double X, double Y) p) => keepWest ? p.X <= at : p.X >= at;
        var output = new List<(double X, double Y)>();
        for (var i = 0; i < ring.Count; i++)
        {
            var current = ring[i];
            var previous = ring[(i + ring.Count - 1) % ring.Count];
            if (Inside(current))
            {
                if (!Inside(previous)) output.Add(Crossing(previous, current, at));
                output.Add(current);
            }
            else if (Inside(previous))
            {
                output.Add(Crossing(previous, current, at));
            }
        }
        return output;
    }

    /// <summary>Where the segment a–b meets x = <paramref name="at"/> (linear in longitude and latitude).</summary>
    public static (double X, double Y) Crossing((double X, double Y) a, (double X, double Y) b, double at)
    {
        var t = (at - a.X) / (b.X - a.X);
        return (at, a.Y + t * (b.Y - a.Y));
    }
}
