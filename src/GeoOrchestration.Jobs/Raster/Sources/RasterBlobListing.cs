using System.Text.Json.Nodes;
using GeoOrchestration.Errors;
using GeoOrchestration.Jobs.Storage;

namespace GeoOrchestration.Jobs.Raster.Sources;

/// <summary>
/// Lists the rasters of a Blob Storage source (<see cref="RasterBlobSource"/>) in the service's order
/// (by name), one service page in memory at a time (<see cref="BlobListing"/>). Without a glob, the
/// blobs named *.tif and *.tiff (any case), as for a folder.
/// </summary>
/// <remarks>
/// A page's range is its start token and its last name, compared ordinally (UTF-16); the service
/// orders by UTF-8 bytes, which differs only for names with characters above U+FFFF against ones
/// from U+E000 to U+FFFF.
/// </remarks>
public static class RasterBlobListing
{
    /// <summary>How many blob properties a list source reads at once.</summary>
    private const int Parallel = 16;

    /// <summary>The first stage's answer: how many rasters, their bytes, and the pages' bounds.</summary>
    public sealed record Bounds(long Count, long Bytes, IReadOnlyList<RasterPage> Pages)
    {
        /// <summary>
        /// Adds <c>count</c>, <c>bytes</c> and <c>pages</c> to a first stage's result, after the fields
        /// <paramref name="result"/> holds already (what was listed), as every listing's first stage returns them.
        /// </summary>
        public JsonObject AddTo(JsonObject result)
        {
            result["count"] = Count;
            result["bytes"] = Bytes;
            result["pages"] = new JsonArray(Pages.Select(p => (JsonNode)p.ToJson()).ToArray());
            return result;
        }
    }

    /// <summary>
    /// Walks a container source once and keeps only its pages' bounds, checking on the way that no
    /// two rasters get the same output name or item id (compared without case) across all pages,
    /// holding a hash per raster, not its name (<see cref="NameHashes"/>).
    /// </summary>
    /// <exception cref="PermanentTaskException">Two rasters would clash (both named); the container is missing or refused.</exception>
    /// <param name="storage">The clients (default <see cref="BlobStorage.Default"/>, this process's environment; tests give Azurite's).</param>
    public static Task<Bounds> BoundsAsync(BlobLocation location, bool recursive, CancellationToken cancellationToken, BlobStorage? storage = null) =>
        BoundsAsync(location, recursive, e => IsRaster(location, e), checkNames: true, cancellationToken, storage);

    /// <summary>
    /// Walks a container once and keeps only the bounds of its pages of blobs that <paramref name="keep"/>
    /// takes (a page per service page that holds one), with their count and bytes.
    /// </summary>
    /// <param name="checkNames">Refuse two blobs whose raster output names or item ids clash.</param>
    public static async Task<Bounds> BoundsAsync(BlobLocation location, bool recursive, Func<BlobEntry, bool> keep, bool checkNames,
        CancellationToken cancellationToken, BlobStorage? storage = null)
    {
        var seen = new NameHashes();
        var pages = new List<RasterPage>();
        long count = 0, bytes = 0;
        string? start = null;
        await foreach (var page in new BlobListing(storage).ListPagesAsync(location, recursive, RasterPage.Size, null, cancellationToken))
        {
            var entries = page.Entries.Where(keep).ToList();
            if (checkNames)
                foreach (var file in entries.Select(e => FileOf(location, e)))
                    if (!seen.Add(file.ItemId))
                        await RequireNoEarlierClashAsync(location, recursive, file, storage, cancellationToken);
            // A page starts where the service's previous page ended (its token), even when that page held nothing kept.
            if (entries.Count > 0)
                pages.Add(new RasterPage { Token = start, Last = entries[^1].Name, Count = entries.Count });
            count += entries.Count;
            bytes += entries.Sum(e => e.Bytes);
            start = page.ContinuationToken;
        }
        return new Bounds(count, bytes, pages);
    }

    /// <summary>
    /// The rasters of one page as the container holds them now: from the page's token up to its
    /// last name. A blob deleted since the first stage drops out; one added inside the range is
    /// included (and checked against the page's names).
    /// </summary>
    public static async Task<IReadOnlyList<RasterFile>> PageAsync(BlobLocation location, bool recursive, RasterPage page,
        CancellationToken cancellationToken, BlobStorage? storage = null) =>
        Distinct((await PageEntriesAsync(location, recursive, page, e => IsRaster(location, e), cancellationToken, storage))
            .Select(e => FileOf(location, e)).ToList());

    /// <summary>The blobs <paramref name="keep"/> takes of one page, as the container holds them now (see <see cref="PageAsync"/>).</summary>
    public static async Task<IReadOnlyList<BlobEntry>> PageEntriesAsync(BlobLocation location, bool recursive, RasterPage page,
        Func<BlobEntry, bool> keep, CancellationToken cancellationToken, BlobStorage? storage = null)
    {
        var entries = new List<BlobEntry>();
        await foreach (var listed in new BlobListing(storage).ListPagesAsync(location, recursive, RasterPage.Size, page.Token, cancellationToken))
            foreach (var entry in listed.Entries)
            {
                if (page.Last is null || string.CompareOrdinal(entry.Name, page.Last) > 0) return entries;
                if (keep(entry)) entries.Add(entry);
            }
        return entries;
    }

    /// <summary>
    /// A list of blobs (URLs) with their properties, in the list's order. A missing blob fails the
    /// first stage; the <c>listing</c> stage passes <paramref name="dropMissing"/> (deleted since).
    /// </summary>
    public static async Task<IReadOnlyList<RasterFile>> ListAsync(IReadOnlyList<string> urls, bool dropMissing, CancellationToken cancellationToken)
    {
        var files = new RasterFile?[urls.Count];
        var transfer = new BlobTransfer();
        await System.Threading.Tasks.Parallel.ForEachAsync(Enumerable.Range(0, urls.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Parallel, CancellationToken = cancellationToken }, async (i, token) =>
            {
                var (location, name) = RasterBlobSource.Blob(urls[i]);
                var entry = await transfer.GetAsync(location, name, token);
                if (entry is null && !dropMissing)
                    throw new PermanentTaskException($"Blob '{urls[i]}' does not exist.");
                if (entry is not null)
                    files[i] = new RasterFile(urls[i], RasterListing.NameOf(name[(name.LastIndexOf('/') + 1)..]), entry.Bytes) { Blob = entry };
            });
        return Distinct(files.OfType<RasterFile>().ToList());
    }

    /// <summary>Whether a listed blob is one of the source's rasters: any blob the glob matched, else *.tif and *.tiff.</summary>
    public static bool IsRaster(BlobLocation location, BlobEntry entry) =>
        location.Pattern is not null
        || RasterSource.DefaultExtensions.Contains(Path.GetExtension(entry.Name), StringComparer.OrdinalIgnoreCase);

    /// <summary>A listed blob as a raster: its URL, its name below the prefix without extension.</summary>
    public static RasterFile FileOf(BlobLocation location, BlobEntry entry) =>
        new(location.UrlOf(entry.Name).AbsoluteUri, RasterListing.NameOf(entry.Name[location.Prefix.Length..]), entry.Bytes) { Blob = entry };

    // A hash matched an earlier one: list again up to this blob to find the earlier raster and name
    // both; none found means two names shared a hash, and the listing goes on.
    private static async Task RequireNoEarlierClashAsync(BlobLocation location, bool recursive, RasterFile file, BlobStorage? storage,
        CancellationToken cancellationToken)
    {
        await foreach (var page in new BlobListing(storage).ListPagesAsync(location, recursive, RasterPage.Size, null, cancellationToken))
            foreach (var entry in page.Entries.Where(e => IsRaster(location, e)))
            {
                if (entry.Name == file.Blob!.Name) return;
                var earlier = FileOf(location, entry);
                if (string.Equals(earlier.ItemId, file.ItemId, StringComparison.OrdinalIgnoreCase))
                    throw RasterListing.Clash(earlier, file);
            }
    }

    private static IReadOnlyList<RasterFile> Distinct(List<RasterFile> files)
    {
        RasterListing.RequireDistinct(files);
        return files;
    }
}
