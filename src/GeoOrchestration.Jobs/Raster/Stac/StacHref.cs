namespace GeoOrchestration.Jobs.Raster.Stac;

/// <summary>
/// Relative hrefs between catalogue files, so the folder can be moved or served as static files:
/// '/'-separated, each segment percent-encoded (an href is a URI reference), starting with "./" or "../".
/// A catalogue in Blob Storage links by absolute https URLs instead (<see cref="For"/>): a client
/// reading one Item by its URL resolves every link without knowing the container's layout.
/// </summary>
public static class StacHref
{
    /// <summary>
    /// The href of <paramref name="target"/> as written in <paramref name="from"/>: the target's own
    /// URL when either is a blob's https URL, else the relative path (<see cref="Relative"/>).
    /// </summary>
    public static string For(string from, string target) =>
        IsUrl(target) ? target
        : IsUrl(from) ? throw new ArgumentException($"A catalogue file in Blob Storage ('{from}') cannot point at the local file '{target}'.", nameof(target))
        : Relative(from, target);

    /// <summary>Whether a catalogue location is an absolute http(s) URL (a blob) rather than a local path.</summary>
    public static bool IsUrl(string location) =>
        location.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || location.StartsWith("http://", StringComparison.OrdinalIgnoreCase);

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
