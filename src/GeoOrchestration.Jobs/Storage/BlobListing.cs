using System.Runtime.CompilerServices;
using Azure;
using Azure.Storage.Blobs.Models;

namespace GeoOrchestration.Jobs.Storage;

/// <summary>
/// Lists a location page by page (List Blobs with a marker): one page in memory at a time, so a container of a
/// million blobs is walked in constant memory, and each page ends with the token the next one starts from, which a
/// stage can store and hand to a task.
/// </summary>
public sealed class BlobListing
{
    /// <summary>The service's largest page (List Blobs' <c>maxresults</c>).</summary>
    public const int MaxPageSize = 5000;

    private readonly BlobStorage _storage;

    /// <summary>A listing over <paramref name="storage"/> (default <see cref="BlobStorage.Default"/>).</summary>
    public BlobListing(BlobStorage? storage = null) => _storage = storage ?? BlobStorage.Default;

    /// <summary>
    /// The blobs under <paramref name="location"/>'s prefix that match its glob, a page at a time, in the service's
    /// order (by name). Without <paramref name="recursive"/>, only the blobs directly under the prefix (not below a
    /// further '/'), as a folder without its subfolders.
    /// </summary>
    /// <param name="pageSize">Blobs asked for per service page, 1 to <see cref="MaxPageSize"/>; a page holds at most that many (fewer after the glob).</param>
    /// <param name="continuationToken">Where to start: null for the beginning, else a <see cref="BlobPage.ContinuationToken"/> of an earlier listing of the same location.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="pageSize"/> out of range.</exception>
    /// <exception cref="Errors.PermanentTaskException">Container missing, credentials refused, no permission to list, no credentials.</exception>
    /// <exception cref="Errors.TransientTaskException">The service stayed busy or unreachable through the client's retries.</exception>
    public async IAsyncEnumerable<BlobPage> ListPagesAsync(BlobLocation location, bool recursive, int pageSize, string? continuationToken,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pageSize, MaxPageSize);
        var container = _storage.ContainerFor(location);
        var pages = ServicePages(container, location, recursive, pageSize, continuationToken, cancellationToken);
        await using var pager = pages.GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            (IReadOnlyList<BlobItem> Page, string? Token) current;
            try
            {
                if (!await pager.MoveNextAsync()) yield break;
                current = pager.Current;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && BlobFailures.IsBlobFailure(e))
            {
                throw BlobFailures.Map(e, location, null, "listing");
            }
            var entries = current.Page.Where(b => location.Matches(b.Name)).Select(ToEntry).ToList();
            yield return new BlobPage(entries, string.IsNullOrEmpty(current.Token) ? null : current.Token);
        }
    }

    // The service's pages, as (blobs, next token): a flat listing, or one level of the hierarchy without its "folders".
    private static async IAsyncEnumerable<(IReadOnlyList<BlobItem> Page, string? Token)> ServicePages(Azure.Storage.Blobs.BlobContainerClient container,
        BlobLocation location, bool recursive, int pageSize, string? continuationToken, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var prefix = NullIfEmpty(location.Prefix);
        if (recursive)
        {
            await foreach (var page in container.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix, Traits = BlobTraits.Metadata }, cancellationToken)
                .AsPages(continuationToken, pageSize).WithCancellation(cancellationToken))
                yield return (page.Values, page.ContinuationToken);
            yield break;
        }
        await foreach (var page in container.GetBlobsByHierarchyAsync(new GetBlobsByHierarchyOptions { Prefix = prefix, Delimiter = "/", Traits = BlobTraits.Metadata }, cancellationToken)
            .AsPages(continuationToken, pageSize).WithCancellation(cancellationToken))
            yield return (page.Values.Where(h => h.IsBlob).Select(h => h.Blob).ToList(), page.ContinuationToken);
    }

    internal static BlobEntry ToEntry(BlobItem item) => new(
        item.Name,
        item.Properties.ContentLength ?? 0,
        item.Properties.ContentType,
        item.Properties.LastModified ?? DateTimeOffset.MinValue,
        item.Properties.ContentHash is { Length: > 0 } md5 ? Convert.ToBase64String(md5) : null,
        item.Properties.ETag?.ToString("H") ?? "",
        item.Metadata is { } metadata ? new Dictionary<string, string>(metadata) : new Dictionary<string, string>());

    private static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;
}
