using System.Xml.Linq;

namespace GeoOrchestration.Jobs.Gdal;

/// <summary>What the installed GDAL can do, asked of its tools (the answers differ between GDAL builds).</summary>
public static class GdalCapabilities
{
    /// <summary>The COMPRESS values this GDAL's COG driver accepts (<c>gdalinfo --format COG</c>).</summary>
    public static async Task<IReadOnlySet<string>> CogCompressionsAsync(GdalRunner runner, CancellationToken cancellationToken)
    {
        var run = await runner.RunAsync(GdalTools.Info, ["--format", "COG"], "the COG driver", cancellationToken);
        var text = run.StandardOutput;
        var start = text.IndexOf("<CreationOptionList>", StringComparison.Ordinal);
        var end = text.IndexOf("</CreationOptionList>", StringComparison.Ordinal);
        if (start < 0 || end < start) return new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var options = XElement.Parse(text[start..(end + "</CreationOptionList>".Length)]);
        return options.Elements("Option")
            .Where(o => (string?)o.Attribute("name") == "COMPRESS")
            .SelectMany(o => o.Elements("Value").Select(v => v.Value.Trim()))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Null when GDAL (PROJ) knows <paramref name="crs"/> (such as EPSG:32633); else GDAL's own reason.</summary>
    public static async Task<string?> CrsProblemAsync(GdalRunner runner, string crs, CancellationToken cancellationToken)
    {
        try
        {
            await runner.RunAsync(GdalTools.SrsInfo, ["--single-line", "-o", "wkt2", crs], crs, cancellationToken);
            return null;
        }
        catch (GdalPermanentException e)
        {
            return string.Join(" ", e.Messages.Where(m => m.IsError).Select(m => m.Text).Distinct());
        }
    }
}
