using GeoOrchestration.Jobs.Gdal;

namespace GeoOrchestration.Jobs.Raster.Footprints;

/// <summary>
/// Computes a raster's <see cref="Footprint"/> in a GDAL host (<see cref="GdalSession.TransformAsync"/>,
/// as gdaltransform -t_srs EPSG:4326): its edge, densified (an edge that is straight in the raster's
/// CRS is curved in longitude/latitude), transformed to WGS84 by the raster's own georeferencing
/// (geotransform, or GCPs). GDAL's wgs84Extent is not enough: it holds only the four corners, is not
/// split at the antimeridian, and misses a pole inside the raster.
/// </summary>
public static class FootprintReader
{
    /// <summary>Points per raster edge; 64 around the raster.</summary>
    public const int PointsPerEdge = 16;

    /// <summary>Longest quote of one GDAL message in a reason (a CRS's WKT can run to kilobytes).</summary>
    private const int MaxQuoted = 300;

    /// <summary>
    /// The footprint of the raster at <paramref name="path"/>, or why it has none: no georeferencing,
    /// a CRS GDAL cannot transform to WGS84 (the transformer cannot be made, as PROJ refuses a CRS of
    /// another celestial body), or too few of its edge points placed. A transient failure (I/O, a
    /// host that died) still throws, to be retried. One request in <paramref name="gdal"/>, counted by its clock.
    /// </summary>
    /// <param name="subject">What messages call the raster (a blob's URL for its local copy).</param>
    public static async Task<Placement> ReadAsync(GdalSession gdal, string path, GdalInfo info, string subject,
        CancellationToken cancellationToken)
    {
        if (!info.IsGeoreferenced) return Placement.None("The raster has no georeferencing (no geotransform and no ground control points).");
        var outline = Outline(info.Width, info.Height).ToList();
        IReadOnlyList<(double X, double Y)?> transformed;
        try
        {
            transformed = await gdal.TransformAsync(path, "EPSG:4326", outline, subject, cancellationToken);
        }
        catch (GdalPermanentException e)
        {
            return Placement.None($"GDAL cannot transform the raster's {(info.GeoTransform is null ? "GCPs' " : "")}CRS to WGS84 longitude/latitude: {Quote(e)}");
        }
        var points = OnEarth(transformed);
        return FootprintBuilder.FromOutline(points) is { } footprint
            ? Placement.Of(footprint)
            : Placement.None($"GDAL placed only {points.Count} of the {outline.Count} points of the raster's edge on Earth (transformed to EPSG:4326).");
    }

    private static string Quote(GdalPermanentException e)
    {
        var errors = e.Messages.Where(m => m.IsError).Select(m => m.ToString()).Distinct()
            .Select(m => m.Length > MaxQuoted ? m[..(MaxQuoted - 3)] + "..." : m).ToList();
        return errors.Count > 0 ? string.Join(" ", errors) : e.Message;
    }

    /// <summary>Pixel positions along the raster's edge, clockwise from the top-left corner.</summary>
    internal static IEnumerable<(double Col, double Row)> Outline(int width, int height)
    {
        for (var i = 0; i < PointsPerEdge; i++) yield return (width * (double)i / PointsPerEdge, 0);
        for (var i = 0; i < PointsPerEdge; i++) yield return (width, height * (double)i / PointsPerEdge);
        for (var i = 0; i < PointsPerEdge; i++) yield return (width * (double)(PointsPerEdge - i) / PointsPerEdge, height);
        for (var i = 0; i < PointsPerEdge; i++) yield return (0, height * (double)(PointsPerEdge - i) / PointsPerEdge);
    }

    /// <summary>The transformed points that lie on Earth (finite, latitude within ±90); a point GDAL could not place (null) is left out.</summary>
    internal static List<(double Lon, double Lat)> OnEarth(IReadOnlyList<(double X, double Y)?> transformed)
    {
        var points = new List<(double Lon, double Lat)>();
        foreach (var point in transformed)
            if (point is { } p && double.IsFinite(p.X) && double.IsFinite(p.Y) && Math.Abs(p.Y) <= 90)
                points.Add((p.X, p.Y));
        return points;
    }
}
