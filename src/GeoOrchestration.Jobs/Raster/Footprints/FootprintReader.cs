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

    /// <summary>
    /// The footprint of the raster at <paramref name="path"/>, or null when it has no georeferencing
    /// (or too few of its edge points transform). Adds GDAL's run time to <paramref name="clock"/>.
    /// </summary>
    public static async Task<Footprint?> ReadAsync(GdalRunner runner, string path, GdalInfo info, GdalClock clock,
        CancellationToken cancellationToken)
    {
        if (!info.IsGeoreferenced) return null;
        var input = new StringBuilder();
        foreach (var (col, row) in Outline(info.Width, info.Height))
            input.Append(col.ToString("R", CultureInfo.InvariantCulture)).Append(' ').Append(row.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        var run = await runner.RunAsync(GdalTools.Transform, ["-t_srs", "EPSG:4326", path], path, cancellationToken, input.ToString());
        clock.Add(run);
        return FootprintBuilder.FromOutline(ParsePoints(run.StandardOutput));
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
