using GeoOrchestration.Errors;
using GeoOrchestration.Jobs.Storage;

namespace GeoOrchestration.Jobs.Raster.Sources;

/// <summary>
/// Reads a <c>source</c> that names Blob Storage (<see cref="BlobLocation"/>'s forms). One entry is
/// a container or prefix (with an optional glob), the way one folder is; but when it names an
/// existing blob (<c>az://c/scenes/a.tif</c>) it is a list of that one blob, the way one file is.
/// Several entries are a list of blobs, each naming one. Files and blobs are never mixed in one
/// list: a job reads one kind of place (one listing rule, one set of credentials, one check at submit).
/// </summary>
public static class RasterBlobSource
{
    /// <summary>As <see cref="RasterSource.Parse"/>, for a source with at least one blob location.</summary>
    public static RasterSource? Parse(IReadOnlyList<string> entries, bool recursive, List<ValidationError> errors)
    {
        var before = errors.Count;
        for (var i = 0; i < entries.Count; i++)
            if (!BlobLocation.IsBlob(entries[i]))
                errors.Add(new($"source[{i}]", "mixed",
                    $"Parameter 'source[{i}]' is a path, but 'source' also holds blob locations; a source lists files or blobs, not both (submit two jobs)."));
        if (errors.Count > before) return null;

        var locations = entries.Select((e, i) => BlobLocation.Parse(e, $"source[{i}]", errors)).ToList();
        if (errors.Count > before) return null;
        if (locations.Count == 1 && (locations[0]!.BlobName is not { } name || !Exists(locations[0]!, name)))
            return new RasterSource { Blob = locations[0], Pattern = locations[0]!.Pattern, Recursive = recursive };

        for (var i = 0; i < locations.Count; i++)
            if (locations[i]!.BlobName is null)
                errors.Add(new($"source[{i}]", "blob_alone",
                    $"Parameter 'source[{i}]' names a container{(locations[i]!.Pattern is null ? "" : " with a glob")}, not one blob; a container or prefix must be the only entry of 'source'."));
        if (recursive)
            errors.Add(new("recursive", "folder_source", "Parameter 'recursive' applies to a folder or container source; 'source' lists blobs."));
        var urls = locations.Select(l => l!.BlobName is { } blob ? l.UrlOf(blob).AbsoluteUri : "").ToList();
        var duplicate = urls.Where(u => u.Length > 0).GroupBy(u => u, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            errors.Add(new("source", "unique", $"Parameter 'source' lists '{duplicate.Key}' more than once."));
        return errors.Count > before ? null : new RasterSource { Files = urls, FilesAreBlobs = true };
    }

    /// <summary>The location a list entry's URL names, and its blob's name.</summary>
    public static (BlobLocation Location, string Name) Blob(string url)
    {
        var errors = new List<ValidationError>();
        var location = BlobLocation.Parse(url, "source", errors);
        return location?.BlobName is { } name
            ? (location, name)
            : throw new PermanentTaskException(errors.Count > 0 ? errors[0].Message : $"'{url}' names no blob.");
    }

    // Whether one entry names an existing blob (then it is a list of one): a question to the service,
    // as a folder source asks the file system. Any failure here (no container, no permission) leaves
    // it a container source, which the listing or the submit-time access check reports.
    private static bool Exists(BlobLocation location, string name)
    {
        try
        {
            return Task.Run(() => new BlobTransfer().GetAsync(location, name, CancellationToken.None)).GetAwaiter().GetResult() is not null;
        }
        catch (Exception e) when (e is PermanentTaskException or TransientTaskException)
        {
            return false;
        }
    }
}
