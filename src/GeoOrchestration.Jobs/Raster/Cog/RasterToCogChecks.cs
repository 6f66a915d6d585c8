using System.Numerics;
using System.Text.RegularExpressions;
using GeoOrchestration.Errors;
using GeoOrchestration.Jobs.Gdal;

namespace GeoOrchestration.Jobs.Raster.Cog;

/// <summary>The submit-time checks of <c>raster_to_cog</c> beyond its declared parameter rules.</summary>
internal static class RasterToCogChecks
{
    private static readonly Regex EpsgCode = new("^EPSG:[1-9][0-9]{0,5}$", RegexOptions.CultureInvariant);

    public static IEnumerable<ValidationError> Check(RasterToCogParameters p, GdalHostPool pool)
    {
        // GDAL first: without it nothing below can be asked, and the answer is a setup problem (exit 7).
        RasterChecks.Gdal(pool);
        var errors = new List<ValidationError>();
        var source = RasterChecks.Source(p, errors);
        RasterChecks.Destination(p, source, mayBeInSource: false, errors);
        if (source is { Folder: null } && p.Destination.Length > 0 && Path.IsPathFullyQualified(p.Destination))
            foreach (var (file, i) in source.Files.Select((f, i) => (f, i)))
                if (string.Equals(CogPaths.Output(p.Destination, Sources.RasterListing.NameOf(Path.GetFileName(file))), file, StringComparison.Ordinal))
                    errors.Add(new($"source[{i}]", "overwrites_source",
                        $"Parameter 'source[{i}]': its COG would be written over the file itself ('{file}'); choose another destination."));
        RasterBlobChecks.CogsOverSources(p, source, errors);
        RasterChecks.CollectionId(p, errors);

        if (!BitOperations.IsPow2(p.Blocksize))
            errors.Add(new("blocksize", "power_of_two", $"Parameter 'blocksize' must be a power of two (128, 256, 512, ...); got {p.Blocksize}."));

        var crs = p.TargetCrs;
        if (crs is not null && !EpsgCode.IsMatch(crs))
        {
            errors.Add(new("target_crs", "format", $"Parameter 'target_crs' must be an EPSG code written EPSG:<number> (EPSG:3857); got '{crs}'."));
            crs = null;
        }
        // Both questions in one host session: one round trip each, no process start when a host is idle.
        var (supported, crsProblem) = RasterChecks.Ask(pool, async gdal => (
            await GdalCapabilities.CogCompressionsAsync(gdal, CancellationToken.None),
            crs is null ? null : await GdalCapabilities.CrsProblemAsync(gdal, crs, CancellationToken.None)));
        if (!supported.Contains(p.Compression))
            errors.Add(new("compression", "gdal_support",
                $"Parameter 'compression': this GDAL's COG driver does not support {p.Compression} (it supports {string.Join(", ", supported.Order())})."));
        if (crsProblem is not null)
            errors.Add(new("target_crs", "unknown_crs", $"Parameter 'target_crs': GDAL does not know {crs} ({crsProblem})."));
        return errors;
    }
}
