namespace GeoOrchestration.Jobs.Raster.Stac;

/// <summary>
/// Relative hrefs between catalogue files, so the folder can be moved or served as static files:
/// '/'-separated, each segment percent-encoded (an href is a URI reference), starting with "./" or "../".
/// </summary>
public static class StacHref
{
    /// <summary>The href of <paramref name="target"/> as written in the file <paramref name="from"/>.</summary>
    public static string Relative(string from, string target)
    {
        var relative = Path.GetRelativePath(Path.GetDirectoryName(Path.GetFullPath(from))!, Path.GetFullPath(target));
        var encoded = string.Join('/', relative.Split(Path.DirectorySeparatorChar).Select(s => s == ".." ? s : Uri.EscapeDataString(s)));
        return encoded.StartsWith("../", StringComparison.Ordinal) ? encoded : "./" + encoded;
    }

    /// <summary>The file a relative href written in <paramref name="from"/> points at (the inverse of <see cref="Relative"/>).</summary>
    public static string Resolve(string from, string href)
    {
        var parts = href.Split('/').Where(s => s != ".").Select(Uri.UnescapeDataString).ToArray();
        return Path.GetFullPath(Path.Combine([Path.GetDirectoryName(Path.GetFullPath(from))!, .. parts]));
    }
}
