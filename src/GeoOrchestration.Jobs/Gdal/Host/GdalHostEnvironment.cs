using System.Collections.Specialized;

namespace GeoOrchestration.Jobs.Gdal;

/// <summary>
/// The environment a GDAL host runs with, fixed for its life: this process's, minus the secrets a
/// GDAL never needs (the store's connection, storage keys: a host reads whatever file a task names,
/// and a driver may log its environment), plus <c>CPL_DEBUG=OFF</c>, plus the pool's and the lease's
/// extra variables. Hosts are matched to leases by <see cref="Key"/>, so one task's variables
/// (<c>GDAL_CACHEMAX</c>, credentials for <c>/vsiaz/</c>) never reach a host another task gets.
/// </summary>
internal static class GdalHostEnvironment
{
    /// <summary>Variables never passed to a host.</summary>
    public static readonly IReadOnlyList<string> Secrets =
    [
        "AZURE_STORAGE_CONNECTION_STRING", "AZURE_STORAGE_KEY", "AZURE_STORAGE_ACCESS_KEY", "AZURE_STORAGE_SAS_TOKEN",
        "AZURE_CLIENT_SECRET", "AZURE_CLIENT_CERTIFICATE_PASSWORD", "GEO_CONNECTION", "PGPASSWORD",
    ];

    /// <summary>The pool's variables overlaid with the lease's (the lease wins).</summary>
    public static IReadOnlyDictionary<string, string> Merge(IReadOnlyDictionary<string, string> pool,
        IReadOnlyDictionary<string, string>? lease)
    {
        if (lease is null || lease.Count == 0) return pool;
        var merged = new Dictionary<string, string>(pool, StringComparer.Ordinal);
        foreach (var (name, value) in lease) merged[name] = value;
        return merged;
    }

    /// <summary>A text that is equal for two sets of extra variables exactly when they are equal.</summary>
    public static string Key(IReadOnlyDictionary<string, string> extra) =>
        string.Concat(extra.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value}\0"));

    /// <summary>Applies the rules to a start's environment, which starts as a copy of this process's.</summary>
    public static void Apply(IDictionary<string, string?> environment, IReadOnlyDictionary<string, string> extra)
    {
        foreach (var secret in Secrets) environment.Remove(secret);
        // Diagnostics reach the host's error handler as CPLErrors, not as debug chatter.
        environment["CPL_DEBUG"] = "OFF";
        foreach (var (name, value) in extra) environment[name] = value;
    }
}
