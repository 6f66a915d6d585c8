using System.Xml.Linq;

namespace GeoOrchestration.Jobs.Gdal;

/// <summary>What the installed GDAL can do, asked of it in a host session (the answers differ between GDAL builds).</summary>
public static class GdalCapabilities
{
    /// <summary>The COMPRESS values this GDAL's COG driver accepts (its creation option list, as <c>gdalinfo --format COG</c> prints it).</summary>
    public static async Task<IReadOnlySet<string>> CogCompressionsAsync(GdalSession gdal, CancellationToken cancellationToken) =>
        Values(await gdal.CreationOptionListAsync("COG", cancellationToken), "COMPRESS");

    /// <summary>Null when GDAL (PROJ) knows <paramref name="crs"/> (such as EPSG:32633); else GDAL's own reason.</summary>
    public static Task<string?> CrsProblemAsync(GdalSession gdal, string crs, CancellationToken cancellationToken) =>
        gdal.SrsProblemAsync(crs, cancellationToken);

    /// <summary>The values a creation option list (DMD_CREATIONOPTIONLIST) allows for <paramref name="option"/>; none for an empty or missing list.</summary>
    internal static IReadOnlySet<string> Values(string? creationOptionList, string option)
    {
        if (string.IsNullOrWhiteSpace(creationOptionList)) return new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        return XElement.Parse(creationOptionList).Elements("Option")
            .Where(o => (string?)o.Attribute("name") == option)
            .SelectMany(o => o.Elements("Value").Select(v => v.Value.Trim()))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
    }
}
