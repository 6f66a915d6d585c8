using System.Globalization;

namespace GeoOrchestration.Jobs.Gdal;

/// <summary>
/// GDAL's affine geotransform, in GDAL's order: x = c[0] + col*c[1] + row*c[2], y = c[3] + col*c[4] + row*c[5]
/// (col and row in pixels from the top-left corner of the top-left pixel).
/// </summary>
public sealed record GeoTransform(double OriginX, double PixelWidth, double RowRotation,
    double OriginY, double ColumnRotation, double PixelHeight)
{
    public static GeoTransform FromGdal(IReadOnlyList<double> c) =>
        c.Count == 6 ? new(c[0], c[1], c[2], c[3], c[4], c[5])
            : throw new FormatException($"A geotransform has 6 coefficients; got {c.Count}.");

    /// <summary>The coefficients in GDAL's order (GDALGetGeoTransform).</summary>
    public double[] ToGdal() => [OriginX, PixelWidth, RowRotation, OriginY, ColumnRotation, PixelHeight];

    /// <summary>
    /// The coefficients in STAC's <c>proj:transform</c> order (rasterio's Affine a..f):
    /// [a, b, c, d, e, f] with x = a*col + b*row + c, y = d*col + e*row + f.
    /// </summary>
    public double[] ToStac() => [PixelWidth, RowRotation, OriginX, ColumnRotation, PixelHeight, OriginY];

    /// <summary>Where a pixel position (fractional, from the top-left corner) lies in the raster's CRS.</summary>
    public (double X, double Y) Apply(double col, double row) =>
        (OriginX + col * PixelWidth + row * RowRotation, OriginY + col * ColumnRotation + row * PixelHeight);

    /// <summary>The raster's extent in its own CRS: [minX, minY, maxX, maxY] over its four corners.</summary>
    public double[] Bounds(int width, int height)
    {
        var corners = new[] { Apply(0, 0), Apply(width, 0), Apply(width, height), Apply(0, height) };
        return [corners.Min(c => c.X), corners.Min(c => c.Y), corners.Max(c => c.X), corners.Max(c => c.Y)];
    }

    public override string ToString() => string.Join(", ", ToGdal().Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
}
