using GeoOrchestration.Errors;
using GeoOrchestration.Jobs.Raster.Sources;
using GeoOrchestration.Jobs.Storage;

namespace GeoOrchestration.Jobs.Raster;

/// <summary>
/// Submit-time checks of blob sources and destinations (<see cref="RasterChecks"/> hands them
/// over): each location read (<see cref="BlobLocation.Parse(string, string, List{ValidationError})"/>:
/// no SAS or user info in it, a container name, a glob only last; a source's shape by
/// <see cref="RasterSource.Parse"/>) and asked of Blob Storage (<see cref="BlobAccessCheck"/>:
/// credentials accepted, container there, permission to list or write), every broken rule named in
/// one round; nothing is written.
/// </summary>
internal static class RasterBlobChecks
{
    /// <summary>
    /// A source in Blob Storage (read by <see cref="RasterSource.Parse"/>): a container, prefix or
    /// glob may be listed; each blob of a list exists and may be read.
    /// </summary>
    public static void Access(RasterSource source, List<ValidationError> errors)
    {
        if (source.Blob is { } container)
        {
            BlobAccessCheck.Source(container, "source[0]", errors);
            return;
        }
        for (var i = 0; i < source.Files.Count; i++)
        {
            var (location, _) = RasterBlobSource.Blob(source.Files[i]);
            BlobAccessCheck.Blob(location, $"source[{i}]", errors);
        }
    }

    /// <summary>
    /// A blob destination: a container or a prefix in it (no glob), which the credentials may write;
    /// not inside a blob source unless <paramref name="mayBeInSource"/>; and for a catalogue of the
    /// sources themselves (raster_inventory), blob sources: an Item in Blob Storage cannot point at a
    /// file on some machine's disk.
    /// </summary>
    public static void Destination(RasterParameters p, RasterSource? source, bool mayBeInSource, List<ValidationError> errors)
    {
        if (BlobLocation.Parse(p.Destination, "destination", errors) is not { } destination) return;
        if (destination.Pattern is not null)
            errors.Add(new("destination", "glob", $"Parameter 'destination' ({destination}) is a container or a prefix in it, never a glob."));
        if (mayBeInSource && !p.Source.All(BlobLocation.IsBlob))
            errors.Add(new("destination", "local_assets",
                $"Parameter 'destination' ({destination}) is in Blob Storage but the rasters are local files; a catalogue in a container can only point at blobs (catalogue local files into a folder)."));
        if (!mayBeInSource && source?.Blob is { } container && Contains(container, destination))
            errors.Add(new("destination", "inside_source",
                $"Parameter 'destination' ({destination}) is inside the source '{container}'; choose a prefix or container outside it, so outputs are never read as inputs."));
        BlobAccessCheck.Destination(destination, "destination", errors);
    }

    /// <summary>
    /// For raster_to_cog with a list of blobs and a blob destination: no blob's COG would be
    /// uploaded over the blob itself (the same URL), as for a list of files and a folder.
    /// </summary>
    public static void CogsOverSources(RasterParameters p, RasterSource? source, List<ValidationError> errors)
    {
        if (source is not { FilesAreBlobs: true } || !BlobLocation.IsBlob(p.Destination)
            || BlobLocation.Parse(p.Destination, "destination", []) is not { Pattern: null }) return;
        for (var i = 0; i < source.Files.Count; i++)
        {
            var (_, name) = RasterBlobSource.Blob(source.Files[i]);
            if (Cog.CogPaths.Output(p.Destination, RasterListing.NameOf(name[(name.LastIndexOf('/') + 1)..])) == source.Files[i])
                errors.Add(new($"source[{i}]", "overwrites_source",
                    $"Parameter 'source[{i}]': its COG would be uploaded over the blob itself ('{source.Files[i]}'); choose another destination."));
        }
    }

    /// <summary>Whether <paramref name="inner"/> lies in <paramref name="outer"/>: the same container, its prefix at or below outer's.</summary>
    internal static bool Contains(BlobLocation outer, BlobLocation inner) =>
        outer.ServiceUri == inner.ServiceUri && outer.Container == inner.Container
        && inner.Prefix.StartsWith(outer.Prefix, StringComparison.Ordinal);
}
