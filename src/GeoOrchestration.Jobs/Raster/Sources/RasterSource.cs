using GeoOrchestration.Errors;
using GeoOrchestration.Jobs.Storage;

namespace GeoOrchestration.Jobs.Raster.Sources;

/// <summary>
/// What a <c>source</c> parameter names: one folder (with an optional glob as its last part, and
/// subfolders when recursive), or a list of files; or, in Blob Storage, one container or prefix
/// (with an optional glob), or a list of blobs (<see cref="RasterBlobSource"/>). A list holds files
/// or blobs, never both. <see cref="Parse"/> checks its shape and that its paths exist;
/// <see cref="RasterListing"/> and <see cref="RasterBlobListing"/> list the files.
/// </summary>
public sealed record RasterSource
{
    /// <summary>What a folder without a glob means: its GeoTIFFs.</summary>
    public static readonly string[] DefaultExtensions = [".tif", ".tiff"];

    /// <summary>The folder, for a folder source; null for a list of files.</summary>
    public string? Folder { get; init; }

    /// <summary>The glob of a folder source (<c>*.img</c>); null for its GeoTIFFs.</summary>
    public string? Pattern { get; init; }

    public bool Recursive { get; init; }

    /// <summary>The files of a list source (absolute paths, or blob URLs when <see cref="FilesAreBlobs"/>); empty for a folder or container source.</summary>
    public IReadOnlyList<string> Files { get; init; } = [];

    /// <summary>The container (with its prefix and glob) of a container source; null for other sources.</summary>
    public BlobLocation? Blob { get; init; }

    /// <summary>Whether <see cref="Files"/> are blob URLs (each naming one blob), not paths.</summary>
    public bool FilesAreBlobs { get; init; }

    /// <summary>Whether the rasters are in Blob Storage (a container source or a list of blobs).</summary>
    public bool IsBlob => Blob is not null || FilesAreBlobs;

    /// <summary>
    /// Reads a <c>source</c> parameter, adding a broken rule (field <c>source</c> or <c>source[i]</c>)
    /// to <paramref name="errors"/> for each problem; null when there was one.
    /// </summary>
    public static RasterSource? Parse(IReadOnlyList<string> entries, bool recursive, List<ValidationError> errors)
    {
        var before = errors.Count;
        if (entries.Any(BlobLocation.IsBlob))
            return RasterBlobSource.Parse(entries, recursive, errors);
        for (var i = 0; i < entries.Count; i++)
            if (!Path.IsPathFullyQualified(entries[i]))
                errors.Add(new($"source[{i}]", "absolute",
                    $"Parameter 'source[{i}]' must be an absolute path (workers may run in another folder); got '{entries[i]}'."));
        if (errors.Count > before) return null;

        if (entries.Count == 1 && (Directory.Exists(entries[0]) || HasGlob(Path.GetFileName(entries[0]))))
            return ParseFolder(entries[0], recursive, errors);

        for (var i = 0; i < entries.Count; i++)
        {
            if (Directory.Exists(entries[i]))
                errors.Add(new($"source[{i}]", "folder_alone",
                    $"Parameter 'source[{i}]' is a folder; a folder must be the only entry of 'source' (give files, or one folder)."));
            else if (HasGlob(entries[i]))
                errors.Add(new($"source[{i}]", "glob_alone",
                    $"Parameter 'source[{i}]' holds a glob; a folder with a glob must be the only entry of 'source'."));
            else if (!File.Exists(entries[i]))
                errors.Add(new($"source[{i}]", "exists", $"Parameter 'source[{i}]': '{entries[i]}' is neither a file nor a folder."));
        }
        if (recursive)
            errors.Add(new("recursive", "folder_source", "Parameter 'recursive' applies to a folder source; 'source' lists files."));
        var duplicate = entries.GroupBy(e => Path.GetFullPath(e), StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            errors.Add(new("source", "unique", $"Parameter 'source' lists '{duplicate.Key}' more than once."));
        return errors.Count > before ? null : new RasterSource { Files = entries.Select(Path.GetFullPath).ToList() };
    }

    private static RasterSource? ParseFolder(string entry, bool recursive, List<ValidationError> errors)
    {
        var glob = HasGlob(Path.GetFileName(entry));
        var folder = Path.GetFullPath(glob ? Path.GetDirectoryName(entry)! : entry);
        if (HasGlob(folder))
        {
            errors.Add(new("source[0]", "glob", $"Parameter 'source[0]': a glob may only be the last part of the path; got '{entry}'."));
            return null;
        }
        if (!Directory.Exists(folder))
        {
            errors.Add(new("source[0]", "exists", $"Parameter 'source[0]': folder '{folder}' does not exist."));
            return null;
        }
        return new RasterSource { Folder = folder, Pattern = glob ? Path.GetFileName(entry) : null, Recursive = recursive };
    }

    /// <summary>Whether a path part is a glob (holds * or ?), as Directory.EnumerateFiles reads them.</summary>
    public static bool HasGlob(string part) => part.IndexOfAny(['*', '?']) >= 0;

    /// <summary>Whether <paramref name="path"/> is <paramref name="folder"/> or lies inside it (full paths compared ordinally).</summary>
    public static bool IsInside(string path, string folder)
    {
        var p = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path)) + Path.DirectorySeparatorChar;
        var f = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)) + Path.DirectorySeparatorChar;
        return p.StartsWith(f, StringComparison.Ordinal);
    }
}
