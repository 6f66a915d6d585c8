using GeoOrchestration.Errors;
using GeoOrchestration.Jobs.Storage;

namespace GeoOrchestration.Jobs.Raster;

/// <summary>
/// Submit-time checks of blob sources and destinations (<see cref="RasterChecks"/> hands them
/// over): each location read (<see cref="BlobLocation.Parse(string, string, List{ValidationError})"/>:
/// no SAS or user info in it, a container name, a glob only last) and asked of Blob Storage
/// (<see cref="BlobAccessCheck"/>: credentials accepted, container there, permission to list or
/// write), every broken rule named in one round; nothing is written.
/// </summary>
internal static class RasterBlobChecks
{
    /// <summary>
    /// A source of blob locations: one container, prefix or glob alone, or a list of blobs (one blob
    /// each); never blobs and local paths together.
    /// </summary>
    public static void Source(RasterParameters p, List<ValidationError> errors)
    {
        var entries = p.Source;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < entries.Length; i++)
        {
            var field = $"source[{i}]";
            if (!BlobLocation.IsBlob(entries[i]))
            {
                errors.Add(new(field, "same_kind",
                    $"Parameter '{field}' is a local path, and other entries are blob locations; a source is blob locations or local paths, not both."));
                continue;
            }
            if (BlobLocation.Parse(entries[i], field, errors) is not { } location) continue;
            if (entries.Length == 1)
            {
                BlobAccessCheck.Source(location, field, errors);
                continue;
            }
            if (location.BlobName is null)
                errors.Add(new(field, "blob_alone",
                    $"Parameter '{field}' ({location}) names a container, a prefix or a glob; that must be the only entry of 'source' (give blobs, or one location)."));
            else if (!seen.Add(location.UrlOf(location.BlobName).AbsoluteUri))
                errors.Add(new("source", "unique", $"Parameter 'source' lists '{location}' more than once."));
            else
                BlobAccessCheck.Blob(location, field, errors);
        }
        if (p.Recursive && entries.Length > 1)
            errors.Add(new("recursive", "folder_source", "Parameter 'recursive' applies to a folder or container source; 'source' lists blobs."));
    }

    /// <summary>
    /// A blob destination: a container or a prefix in it (no glob), which the credentials may write;
    /// not inside a blob source unless <paramref name="mayBeInSource"/>; and for a catalogue of the
    /// sources themselves (raster_inventory), blob sources: an Item in Blob Storage cannot point at a
    /// file on some machine's disk.
    /// </summary>
    public static void Destination(RasterParameters p, bool mayBeInSource, List<ValidationError> errors)
    {
        if (BlobLocation.Parse(p.Destination, "destination", errors) is not { } destination) return;
        if (destination.Pattern is not null)
            errors.Add(new("destination", "glob", $"Parameter 'destination' ({destination}) is a container or a prefix in it, never a glob."));
        if (mayBeInSource && !p.Source.All(BlobLocation.IsBlob))
            errors.Add(new("destination", "local_assets",
                $"Parameter 'destination' ({destination}) is in Blob Storage but the rasters are local files; a catalogue in a container can only point at blobs (catalogue local files into a folder)."));
        if (!mayBeInSource && SourceContainer(p) is { } source && Contains(source, destination))
            errors.Add(new("destination", "inside_source",
                $"Parameter 'destination' ({destination}) is inside the source '{source}'; choose a prefix or container outside it, so outputs are never read as inputs."));
        BlobAccessCheck.Destination(destination, "destination", errors);
    }

    /// <summary>The source when it is one container, prefix or glob (read quietly: its problems are reported by <see cref="Source"/>).</summary>
    private static BlobLocation? SourceContainer(RasterParameters p) =>
        p.Source is [var only] && BlobLocation.IsBlob(only) && BlobLocation.Parse(only, "source[0]", []) is { } location ? location : null;

    /// <summary>Whether <paramref name="inner"/> lies in <paramref name="outer"/>: the same container, its prefix at or below outer's.</summary>
    internal static bool Contains(BlobLocation outer, BlobLocation inner) =>
        outer.ServiceUri == inner.ServiceUri && outer.Container == inner.Container
        && inner.Prefix.StartsWith(outer.Prefix, StringComparison.Ordinal);
}
