using GeoOrchestration.Errors;
using GeoOrchestration.Jobs.Storage;

namespace GeoOrchestration.Jobs.Raster;

/// <summary>
/// Where a raster job's outputs go under a blob destination (<c>az://CONTAINER/PREFIX</c>): the same
/// names as under a folder (<see cref="RasterPaths"/>), as blob names below the prefix, shown as the
/// blobs' https URLs (no query string).
/// </summary>
public static class RasterBlobPaths
{
    /// <summary>The destination read with this process's environment (a task's: the worker's).</summary>
    /// <exception cref="PermanentTaskException">It is not a blob location this process can reach (naming the rule).</exception>
    public static BlobLocation Parse(string destination, string field = "destination")
    {
        var errors = new List<ValidationError>();
        return BlobLocation.Parse(destination, field, errors)
            ?? throw new PermanentTaskException(string.Join(" ", errors.Select(e => e.Message)));
    }

    /// <summary>The blob name of <paramref name="name"/> ('/'-separated, no extension) plus <paramref name="suffix"/> under the prefix.</summary>
    public static string BlobName(BlobLocation destination, string name, string suffix) => destination.Prefix + name + suffix;

    /// <summary>The https URL of <paramref name="name"/> plus <paramref name="suffix"/> under the destination.</summary>
    public static string Url(string destination, string name, string suffix)
    {
        var location = Parse(destination);
        return location.UrlOf(BlobName(location, name, suffix)).AbsoluteUri;
    }

    /// <summary>
    /// The blob name a URL made by <see cref="Url"/> (or <see cref="BlobLocation.UrlOf"/>) names in
    /// <paramref name="location"/>'s container.
    /// </summary>
    /// <exception cref="ContractViolationException">The URL is not in that container.</exception>
    public static string NameOf(BlobLocation location, string url)
    {
        var container = location.UrlOf("").AbsoluteUri;
        if (!url.StartsWith(container, StringComparison.Ordinal))
            throw new ContractViolationException($"'{url}' is not a blob of the container '{container}'.");
        return string.Join('/', url[container.Length..].Split('/').Select(Uri.UnescapeDataString));
    }

    /// <summary>The Collection's id when none is given: the prefix's last part, or the container's name.</summary>
    public static string DefaultCollectionId(BlobLocation location) =>
        location.Prefix.TrimEnd('/') is { Length: > 0 } prefix ? prefix[(prefix.LastIndexOf('/') + 1)..] : location.Container;
}
