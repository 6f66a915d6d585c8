using Azure.Core;

namespace GeoOrchestration.Jobs.Storage;

/// <summary>
/// The seam through which the host hands Blob Storage the process's Entra ID credential: Jobs cannot reference
/// Hosting, where the one credential PostgreSQL and Service Bus share is made (<c>ProcessCredential</c>). Hosting
/// sets it where every front end opens its store (<c>geoorch worker|submit|run</c>, <c>Start-GeoWorker</c>,
/// <c>Submit-GeoJob</c>, <c>Invoke-GeoJob</c>). The source is asked only when a blob location has no connection
/// string, so a process that never touches Blob Storage never makes a credential (and asks for no token).
/// </summary>
public static class BlobTokenCredential
{
    private static volatile Func<TokenCredential>? _source;

    /// <summary>
    /// Sets the process's credential source (the last call wins; hosts call it with the same credential each time).
    /// </summary>
    /// <param name="source">Makes or returns the credential; called at most once per use, may throw a configuration error.</param>
    public static void Use(Func<TokenCredential> source) => _source = source ?? throw new ArgumentNullException(nameof(source));

    /// <summary>Whether a host set a source.</summary>
    public static bool IsSet => _source is not null;

    /// <summary>The process's credential, or null when no host set one (a library use without a front end).</summary>
    public static TokenCredential? Current => _source?.Invoke();
}
