using System.Text.Json.Nodes;
using GeoOrchestration.Jobs.Gdal;
using GeoOrchestration.Jobs.Raster.Footprints;

namespace GeoOrchestration.Jobs.Blob;

/// <summary>
/// Which blobs <c>blob_inventory</c> downloads for GDAL, and the facts it records of each: driver,
/// size, bands, CRS, bbox (WGS84, from the same footprint STAC Items get) and whether it is a COG.
/// </summary>
internal static class BlobRasterFacts
{
    // Formats GDAL reads that are kept as blobs; others are recorded without a download.
    private static readonly HashSet<string> Extensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".tif", ".tiff", ".gtiff", ".img", ".jp2", ".j2k", ".vrt", ".nc", ".hdf", ".h5", ".he5", ".grib", ".grb", ".grb2",
        ".png", ".jpg", ".jpeg", ".gif", ".webp", ".asc", ".dem", ".hgt", ".bil", ".ntf", ".ecw", ".sid", ".kea", ".grd",
    };

    private static readonly HashSet<string> ContentTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        "application/x-netcdf", "application/x-hdf", "application/x-hdf5", "application/vnd.geotiff",
    };

    /// <summary>
    /// Why a blob is not downloaded for GDAL; null when it looks like a raster: a raster extension
    /// (<c>.tif</c>, <c>.jp2</c>, <c>.nc</c>, ...), or an <c>image/*</c> or raster content type.
    /// </summary>
    public static string? NotACandidate(string name, string? contentType)
    {
        if (Extensions.Contains(Path.GetExtension(name))) return null;
        var type = contentType?.Split(';')[0].Trim() ?? "";
        if (type.StartsWith("image/", StringComparison.OrdinalIgnoreCase) || ContentTypes.Contains(type)) return null;
        return $"not a raster by its name or content type ({(type.Length == 0 ? "none" : type)})";
    }

    /// <summary>GDAL's facts of a downloaded raster: GDALInfo and its footprint, two requests in one GDAL host session.</summary>
    /// <exception cref="GdalPermanentException">GDAL cannot read it (the caller records why).</exception>
    public static async Task<JsonObject> ReadAsync(string localPath, string subject, CancellationToken cancellationToken)
    {
        await using var gdal = await GdalHostPool.Shared.OpenAsync(cancellationToken);
        var info = GdalInfoReader.Parse(await gdal.InfoJsonAsync(localPath, ["-json"], subject, cancellationToken), subject);
        var placement = await FootprintReader.ReadAsync(gdal, localPath, info, subject, cancellationToken);
        return new JsonObject
        {
            ["driver"] = info.Driver,
            ["width"] = info.Width,
            ["height"] = info.Height,
            ["bands"] = info.Bands.Count,
            ["data_types"] = new JsonArray(info.Bands.Select(b => (JsonNode)JsonValue.Create(b.DataType)!).ToArray()),
            ["crs"] = info.Crs is { Epsg: { } epsg } ? $"EPSG:{epsg}" : info.Crs is null ? null : "custom",
            ["bbox"] = placement.Footprint is { } footprint ? new JsonArray(footprint.Bbox.Select(v => (JsonNode)JsonValue.Create(v)).ToArray()) : null,
            ["no_bbox_reason"] = placement.NoFootprintReason,
            ["is_cog"] = info.IsCog,
        };
    }
}
