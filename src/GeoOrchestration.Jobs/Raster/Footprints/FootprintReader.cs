using System.Globalization;
using System.Text;
using GeoOrchestration.Jobs.Gdal;

namespace GeoOrchestration.Jobs.Raster.Footprints;

/// <summary>
/// Computes a raster's <see cref="Footprint"/> with gdaltransform: its edge, densified (an edge that
/// is straight in the raster's CRS is curved in longitude/latitude), transformed to WGS84 by the
/// raster's own georeferencing (geotransform, or GCPs). GDAL's wgs84Extent is not enough: it holds
/// only the four corners, is not split at the antimeridian, and misses a pole inside the raster.
/// </summary>
public static class FootprintReader
{
    /// <summary>Points per raster edge; 64 around the raster.</summary>
    public const int PointsPerEdge = 16;

    /// <summary>Longest quote of one GDAL message in a reason (a CRS's WKT can run to kilobytes).</summary>
    private const int MaxQuoted = 300;

    /// <summary>
    /// The footprint of the raster at <paramref name="path"/>, or why it has none: no georeferencing,
    /// a CRS GDAL cannot transform to WGS84 (gdaltransform fails for good, as PROJ refuses a CRS of
    /// another celestial body), or too few of its edge points placed. A transient failure (I/O, a
    /// killed process) still throws, to be retried. Adds GDAL's run time to <paramref name="clock"/>.
    /// </summary>
    public static async Task<Placement> ReadAsync(GdalRunner runner, string path, GdalInfo info, GdalClock clock,
        CancellationToken cancellationToken)
    {
        if (!info.IsGeoreferenced) return Placement.None("The raster has no georeferencing (no geotransform and no ground control points).");
        var input = new StringBuilder();
        var outline = Outline(info.Width, info.Height).ToList();
        foreach (var (col, row) in outline)
            input.Append(col.ToString("R", CultureInfo.InvariantCulture)).Append(' ').Append(row.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        GdalRunResult run;
        try
        {
            run = await runner.RunAsync(GdalTools.Transform, ["-t_srs", "EPSG:4326", path], path, cancellationToken, input.ToString());
        }
        catch (GdalPermanentException e)
        {
            return Placement.None($"GDAL cannot transform the raster's {(info.GeoTransform is null ? "GCPs' " : "")}CRS to WGS84 longitude/latitude: {Quote(e)}");
        }
        clock.Add(run);
        var points = ParsePoints(run.StandardOutput);
        return FootprintBuilder.FromOutline(points) is { } footprint
            ? Placement.Of(footprint)
            : Placement.None($"GDAL placed only {points.Count} of the {outline.Count} points of the raster's edge on Earth (gdaltransform to EPSG:4326).");
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

    /// <summary>gdaltransform's answer: "lon lat z" per point, or "transformation failed." for one it could not place (left out).</summary>
    internal static List<(double Lon, double Lat)> ParsePoints(string output)
    {
        var points = new List<(double Lon, double Lat)>();
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length >= 2
                && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var lon)
                && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var lat)
                && double.IsFinite(lon) && double.IsFinite(lat) && Math.Abs(lat) <= 90)
                points.Add((lon, lat));
        }
        return points;
    }
}
