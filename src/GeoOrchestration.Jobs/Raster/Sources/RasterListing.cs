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
        RequireDistinct(files);
        return files;
    }

    /// <summary>
    /// The files of one folder page: those whose name lies in the page's range (first to last,
    /// ordinal), in listing order, as the folder is now. A file removed since the first stage
    /// drops out; one added inside the range is included (and checked against the page's names).
    /// </summary>
    public static IReadOnlyList<RasterFile> ListPage(RasterSource source, RasterPage page)
    {
        if (source.Folder is not { } folder) return List(source);
        var files = Enumerate(source, folder)
            .Where(f => string.CompareOrdinal(f.Name, page.First) >= 0 && string.CompareOrdinal(f.Name, page.Last) <= 0)
            .Select(f => f with { Bytes = new FileInfo(f.Path).Length })
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .ThenBy(f => f.Path, StringComparer.Ordinal)
            .ToList();
        RequireDistinct(files);
        return files;
    }

    /// <summary>A listing cut into pages of <see cref="RasterPage.Size"/> files, in its order.</summary>
    public static IEnumerable<RasterPage> Pages(RasterSource source, IReadOnlyList<RasterFile> files)
    {
        for (var start = 0; start < files.Count; start += RasterPage.Size)
        {
            var count = Math.Min(RasterPage.Size, files.Count - start);
            yield return source.Folder is null
                ? new RasterPage { Start = start, Count = count }
                : new RasterPage { First = files[start].Name, Last = files[start + count - 1].Name, Count = count };
        }
    }

    private static List<RasterFile> ListFolder(RasterSource source, string folder) =>
        Enumerate(source, folder)
            .Select(f => f with { Bytes = new FileInfo(f.Path).Length })
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .ThenBy(f => f.Path, StringComparer.Ordinal)
            .ToList();

    // Names only: a page task stats just the files in its range.
    private static IEnumerable<RasterFile> Enumerate(RasterSource source, string folder)
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
            .Select(path => new RasterFile(path, NameOf(Path.GetRelativePath(folder, path)), 0));
    }

    private static List<RasterFile> ListFiles(IReadOnlyList<string> files) =>
        files.Select(path => new RasterFile(path, NameOf(Path.GetFileName(path)), new FileInfo(path).Length)).ToList();

    /// <summary>A relative path without its extension, '/'-separated.</summary>
    internal static string NameOf(string relative)
    {
        var withoutExtension = Path.Combine(Path.GetDirectoryName(relative) ?? "", Path.GetFileNameWithoutExtension(relative));
        return withoutExtension.Replace(Path.DirectorySeparatorChar, '/');
    }

    /// <summary>
    /// Refuses two files that would get the same output name or STAC Item id, compared without case:
    /// on a case-insensitive file system A.tif and a.tif are one file. (Equal names give equal ids,
    /// so the names are checked first, for the clearer message.)
    /// </summary>
    /// <exception cref="PermanentTaskException">Two files clash: the message names both.</exception>
    internal static void RequireDistinct(List<RasterFile> files)
    {
        foreach (var key in new Func<RasterFile, string>[] { f => f.Name, f => f.ItemId })
        {
            var same = files.GroupBy(key, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
            if (same is not null) throw Clash(same.First(), same.Skip(1).First());
        }
    }

    /// <summary>The failure for two files whose output name or item id are equal without case.</summary>
    internal static PermanentTaskException Clash(RasterFile first, RasterFile second) =>
        new(string.Equals(first.Name, second.Name, StringComparison.OrdinalIgnoreCase)
            ? $"Files '{first.Path}' and '{second.Path}' would both be written as '{first.Name}'; rename one, or list them in separate jobs."
            : $"Files '{first.Path}' and '{second.Path}' would both get the STAC Item id '{first.ItemId}'; rename one, or list them in separate jobs.");
}
