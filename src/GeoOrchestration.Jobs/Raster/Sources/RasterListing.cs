using GeoOrchestration.Errors;

namespace GeoOrchestration.Jobs.Raster.Sources;

/// <summary>
/// Lists the files a <see cref="RasterSource"/> names, in a stable order (by name, ordinal), so the
/// same folder always plans the same tasks. Hidden files and folders (a leading '.') are left out:
/// they include the temporary files conversions write.
/// </summary>
public static class RasterListing
{
    /// <exception cref="DirectoryNotFoundException">The folder is gone (a permanent failure).</exception>
    /// <exception cref="PermanentTaskException">Two files would get the same output name or item id.</exception>
    public static IReadOnlyList<RasterFile> List(RasterSource source)
    {
        var files = source.Folder is { } folder ? ListFolder(source, folder) : ListFiles(source.Files);
        RequireDistinct(files, f => f.Name, "would both be written as '{0}'");
        RequireDistinct(files, f => f.ItemId, "would both get the STAC Item id '{0}'");
        return files;
    }

    private static List<RasterFile> ListFolder(RasterSource source, string folder)
    {
        var options = new EnumerationOptions
        {
            RecurseSubdirectories = source.Recursive,
            MatchCasing = MatchCasing.CaseInsensitive,
            AttributesToSkip = FileAttributes.Hidden | FileAttributes.System,
            IgnoreInaccessible = false,
        };
        return Directory.EnumerateFiles(folder, source.Pattern ?? "*", options)
            .Where(path => source.Pattern is not null
                || RasterSource.DefaultExtensions.Contains(Path.GetExtension(path), StringComparer.OrdinalIgnoreCase))
            .Select(path => new RasterFile(path, NameOf(Path.GetRelativePath(folder, path)), new FileInfo(path).Length))
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .ThenBy(f => f.Path, StringComparer.Ordinal)
            .ToList();
    }

    private static List<RasterFile> ListFiles(IReadOnlyList<string> files) =>
        files.Select(path => new RasterFile(path, NameOf(Path.GetFileName(path)), new FileInfo(path).Length)).ToList();

    /// <summary>A relative path without its extension, '/'-separated.</summary>
    internal static string NameOf(string relative)
    {
        var withoutExtension = Path.Combine(Path.GetDirectoryName(relative) ?? "", Path.GetFileNameWithoutExtension(relative));
        return withoutExtension.Replace(Path.DirectorySeparatorChar, '/');
    }

    // Compared without case: on a case-insensitive file system A.tif and a.tif are one file.
    private static void RequireDistinct(List<RasterFile> files, Func<RasterFile, string> key, string clash)
    {
        var same = files.GroupBy(key, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (same is not null)
            throw new PermanentTaskException(
                $"Files '{same.First().Path}' and '{same.Skip(1).First().Path}' {string.Format(System.Globalization.CultureInfo.InvariantCulture, clash, key(same.First()))}; rename one, or list them in separate jobs.");
    }
}
