using Azure;
using GeoOrchestration.Errors;

namespace GeoOrchestration.Jobs.Storage;

/// <summary>
/// Maps what the SDK throws to the engine's taxonomy, in one line of our own: the operation, container and blob, the
/// status, the service's error code and a reason. The SDK's own message is never passed on (nor kept as the inner
/// exception, which verbose logs print): it carries request and response details (headers, the service's text,
/// which for a bad SAS quotes its signature).
/// <list type="bullet">
/// <item>404 (container or blob missing), 403 (<c>AuthenticationFailed</c>: wrong key or SAS;
/// <c>AuthorizationPermissionMismatch</c>, <c>AuthorizationFailure</c>, ...: no permission), 400, 409, 412 and other
/// 4xx: <see cref="PermanentTaskException"/>: trying again cannot help until the setup changes.</item>
/// <item>408, 429, 500, 502, 503, 504 (after the SDK's retries) and network errors: <see cref="TransientTaskException"/>:
/// the engine retries the task.</item>
/// </list>
/// </summary>
public static class BlobFailures
{
    /// <summary>Whether <paramref name="exception"/> is one this class maps (the SDK's, or a network or timeout error).</summary>
    public static bool IsBlobFailure(Exception exception) => exception is RequestFailedException or HttpRequestException or IOException
        or AggregateException { InnerExceptions: [RequestFailedException or HttpRequestException or IOException, ..] }
        or TaskCanceledException { InnerException: TimeoutException };

    /// <summary>The engine's exception for a failed <paramref name="operation"/> on <paramref name="location"/> (and <paramref name="blobName"/>).</summary>
    /// <param name="operation">What was being done, for the message: <c>list</c>, <c>download</c>, <c>upload</c>, ...</param>
    public static GeoException Map(Exception exception, BlobLocation location, string? blobName, string operation)
    {
        var what = $"Blob Storage: {operation} of {Describe(location, blobName)} failed";
        if (exception is AggregateException aggregate) exception = aggregate.InnerExceptions[^1];
        if (exception is not RequestFailedException { Status: > 0 } failed)
            return new TransientTaskException($"{what}: the service could not be reached ({exception.GetType().Name}); retried {RetriesNote}.");
        var code = failed.ErrorCode;
        var line = $"{what}: {failed.Status}{(code is null ? "" : " " + code)}: {Reason(failed, location, blobName)}";
        return IsTransient(failed.Status) ? new TransientTaskException(line + $" (after the client's retries {RetriesNote})") : new PermanentTaskException(line);
    }

    /// <summary>Whether a status is worth trying again later (throttling, timeouts, server errors).</summary>
    public static bool IsTransient(int status) => status is 408 or 429 or 500 or 502 or 503 or 504;

    /// <summary>
    /// Whether a 403 says the credentials were not accepted (a wrong key, a bad or expired SAS), rather than that they lack
    /// a permission. Blob Storage says <c>AuthenticationFailed</c>; Azurite says <c>AuthorizationFailure</c> with the same
    /// sentence ("Server failed to authenticate the request"), which is read here only to classify, never passed on.
    /// </summary>
    public static bool IsAuthenticationFailure(RequestFailedException failure) =>
        failure.Status == 403 && (failure.ErrorCode == "AuthenticationFailed"
            || failure.Message.StartsWith("Server failed to authenticate the request", StringComparison.Ordinal));

    /// <summary>The reason for a failure, in words, naming the container.</summary>
    public static string Reason(RequestFailedException failure, BlobLocation location, string? blobName) =>
        Reason(failure.Status, IsAuthenticationFailure(failure) ? "AuthenticationFailed" : failure.ErrorCode, location, blobName);

    /// <summary>The reason for a status and error code, in words, naming the container.</summary>
    public static string Reason(int status, string? code, BlobLocation location, string? blobName) => (status, code) switch
    {
        (404, "ContainerNotFound") => $"container '{location.Container}' does not exist in storage account '{location.Account}'",
        (404, "BlobNotFound") => $"blob '{blobName}' does not exist in container '{location.Container}'",
        (404, _) => $"container '{location.Container}' or blob '{blobName}' does not exist in storage account '{location.Account}'",
        (403, "AuthenticationFailed") => $"storage account '{location.Account}' refused the credentials (wrong key, or a SAS that is invalid or expired)",
        (403, "AuthorizationPermissionMismatch" or "AuthorizationFailure" or "AuthorizationResourceTypeMismatch" or "AuthorizationServiceMismatch")
            => $"the credentials are accepted but have no permission for this on container '{location.Container}'",
        (403, _) => $"storage account '{location.Account}' forbade this on container '{location.Container}'",
        (409, _) => $"container '{location.Container}' is in a conflicting state ({code ?? "conflict"})",
        _ when IsTransient(status) => $"the service is busy or failing (status {status})",
        _ => $"the service refused the request on container '{location.Container}'",
    };

    private const string RetriesNote = "by the client with exponential backoff";

    private static string Describe(BlobLocation location, string? blobName) =>
        blobName is null ? $"container '{location.Container}' ({location})" : $"'{blobName}' in container '{location.Container}' ({location.UrlOf(blobName)})";
}
