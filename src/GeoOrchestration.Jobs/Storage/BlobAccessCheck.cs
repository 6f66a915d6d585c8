using Azure;
using GeoOrchestration.Errors;

namespace GeoOrchestration.Jobs.Storage;

/// <summary>
/// Submit-time checks of blob locations, run from the job types' <c>Validate</c>: the credentials exist and are
/// accepted, the container exists, and the credentials may list and read (a source) or read and write (a
/// destination: earlier outputs are looked up before they are reused). Each problem is a
/// <see cref="ValidationError"/> naming the field, the container and the reason. Nothing is written: the checks
/// list one page and read the properties of a blob name that does not exist.
/// </summary>
/// <remarks>
/// They run with the submitting process's credentials: where workers have others (a laptop submitting for a
/// cluster with a managed identity), the tasks meet the same conditions again and fail naming the container.
/// Whether a credential may WRITE cannot always be known without writing: a SAS names its permissions (<c>sp</c>)
/// and is checked for <c>w</c>; a shared key may do anything; for an Entra ID token the data plane offers no way to
/// read one's own role assignments, and a probe write (even an uncommitted block, which no listing shows) is a
/// write, so only reading is checked and a missing write role (Storage Blob Data Contributor) surfaces at the first
/// upload as a permanent task failure naming the container.
/// </remarks>
public static class BlobAccessCheck
{
    /// <summary>Checks a source: credentials, container, permission to list and read.</summary>
    public static void Source(BlobLocation location, string field, List<ValidationError> errors, BlobStorage? storage = null) =>
        Run(errors, () => CheckAsync(location, field, storage ?? BlobStorage.Default, list: true, write: false, blobName: null));

    /// <summary>Checks a destination: credentials, container, permission to read and (as far as can be known without writing) to write.</summary>
    public static void Destination(BlobLocation location, string field, List<ValidationError> errors, BlobStorage? storage = null) =>
        Run(errors, () => CheckAsync(location, field, storage ?? BlobStorage.Default, list: false, write: true, blobName: null));

    /// <summary>Checks one named blob of a list source (<see cref="BlobLocation.BlobName"/>): credentials, container, permission to read, and that it exists.</summary>
    public static void Blob(BlobLocation location, string field, List<ValidationError> errors, BlobStorage? storage = null) =>
        Run(errors, () => CheckAsync(location, field, storage ?? BlobStorage.Default, list: false, write: false,
            blobName: location.BlobName ?? throw new ArgumentException("The location names no single blob.", nameof(location))));

    // Validate is synchronous: the check runs off any synchronisation context, as RasterChecks.Sync does GDAL's.
    private static void Run(List<ValidationError> errors, Func<Task<ValidationError?>> check)
    {
        if (Task.Run(check).GetAwaiter().GetResult() is { } error) errors.Add(error);
    }

    private static async Task<ValidationError?> CheckAsync(BlobLocation location, string field, BlobStorage storage, bool list, bool write, string? blobName)
    {
        ValidationError Error(string rule, string reason) => new(field, rule, $"Parameter '{field}' ({location}): {reason}.");

        var credential = BlobCredential.For(location, storage.Options.Environment, out var problem);
        if (credential is null) return Error("blob_credentials", problem!.TrimEnd('.'));
        var (_, container) = storage.Connect(location);
        string? step = null;
        try
        {
            if (list)
            {
                step = "list";
                await foreach (var _ in container.GetBlobsAsync(new Azure.Storage.Blobs.Models.GetBlobsOptions { Prefix = location.Prefix.Length == 0 ? null : location.Prefix })
                    .AsPages(pageSizeHint: 1))
                    break;
            }
            step = "read";
            // A name no blob has (unless blobName): 404 BlobNotFound says the container exists and the credentials may read.
            var probe = blobName ?? $"{location.Prefix}.geoorch-access-check-{Guid.NewGuid():N}";
            try
            {
                await container.GetBlobClient(probe).GetPropertiesAsync();
            }
            catch (RequestFailedException e) when (e.Status == 404 && e.ErrorCode != "ContainerNotFound")
            {
                if (blobName is not null) return Error("blob_exists", $"blob '{blobName}' does not exist in container '{location.Container}'");
            }
        }
        catch (Exception e) when (BlobFailures.IsBlobFailure(e))
        {
            return Describe(e, location, step!, Error);
        }
        if (write && credential.SasPermissions is { } permissions && !permissions.Contains('w'))
            return Error("blob_permission", $"the SAS in {BlobEnvironment.ConnectionStringVariable} may not write to container '{location.Container}' " +
                $"(its permissions are '{permissions}'; a destination needs 'w')");
        return null;
    }

    private static ValidationError Describe(Exception e, BlobLocation location, string step, Func<string, string, ValidationError> error)
    {
        if (e is AggregateException aggregate) e = aggregate.InnerExceptions[^1];
        if (e is not RequestFailedException { Status: > 0 } failed)
            return error("blob_reachable", $"Blob Storage at {location.ServiceUri} could not be reached ({e.GetType().Name}) to check container '{location.Container}'");
        var reason = BlobFailures.Reason(failed, location, null);
        return (failed.Status, failed.ErrorCode) switch
        {
            (404, _) => error("container_exists", reason),
            (403, _) when BlobFailures.IsAuthenticationFailure(failed) => error("blob_authentication", reason),
            (403, _) => error("blob_permission", $"the credentials are accepted but may not {step} in container '{location.Container}' ({failed.ErrorCode ?? "403"})"),
            _ => error("blob_reachable", $"{failed.Status}{(failed.ErrorCode is null ? "" : " " + failed.ErrorCode)} while checking container '{location.Container}': {reason}"),
        };
    }
}
