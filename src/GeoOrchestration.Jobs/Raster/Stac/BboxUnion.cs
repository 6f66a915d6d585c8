namespace GeoOrchestration.Jobs.Raster.Stac;

/// <summary>
/// The smallest bbox holding several bboxes on the globe: longitudes are a circle, so the union
/// leaves out the widest longitude gap no bbox covers, which may put its west east of its east (it
/// crosses the antimeridian), as the inputs may.
/// </summary>
public static class BboxUnion
{
    /// <summary>The union of [west, south, east, north] boxes; null when there are none.</summary>
    public static double[]? Of(IEnumerable<double[]> boxes)
    {
        var list = boxes.ToList();
        if (list.Count == 0) return null;
        var south = list.Min(b => b[1]);
        var north = list.Max(b => b[3]);
        // Each box as longitude intervals within [-180, 180]: a crossing one is two.
        var intervals = list
            .SelectMany(b => b[0] <= b[2] ? new[] { (b[0], b[2]) } : [(b[0], 180.0), (-180.0, b[2])])
            .OrderBy(i => i.Item1)
            .ToList();
        var merged = new List<(double West, double East)>();
        foreach (var (west, east) in intervals)
        {
            if (merged.Count > 0 && west <= merged[^1].East) merged[^1] = (merged[^1].West, Math.Max(merged[^1].East, east));
            else merged.Add((west, east));
        }
        // The gap after each merged interval, the last one wrapping round to the first.
        var widest = -1.0;
        var after = 0;
        for (var i = 0; i < merged.Count; i++)
        {
            var next = i + 1 < merged.Count ? merged[i + 1].West : merged[0].West + 360;
            var gap = next - merged[i].East;
            if (gap > widest) (widest, after) = (gap, i);
        }
        if (widest <= 0) return [-180, south, 180, north];
        var unionWest = after + 1 < merged.Count ? merged[after + 1].West : merged[0].West;
        return [unionWest, south, merged[after].East, north];
    }
}
