namespace GeoOrchestration.Jobs.Storage;

/// <summary>
/// The parts of a storage connection string (<c>AZURE_STORAGE_CONNECTION_STRING</c>) that Blob Storage needs:
/// the account, its shared key or a SAS, and where its blob service is. The SDK reads connection strings
/// only inside its client constructors; this reads them once, so a location can be matched against the
/// account and endpoint before any client exists, and so a malformed one is a validation error that never
/// echoes the text (it holds a key).
/// </summary>
public sealed record BlobConnectionString
{
    /// <summary>The well-known development account of Azurite and the storage emulator.</summary>
    public const string DevelopmentAccount = "devstoreaccount1";

    /// <summary>The well-known (public) key of <see cref="DevelopmentAccount"/>.</summary>
    public const string DevelopmentKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /// <summary>The account (<c>AccountName</c>); for a SAS-only string, taken from the blob endpoint.</summary>
    public required string Account { get; init; }

    /// <summary>The blob service: <c>BlobEndpoint</c>, else <c>https://ACCOUNT.blob.SUFFIX</c>. No trailing slash, no query.</summary>
    public required Uri ServiceUri { get; init; }

    /// <summary>The account key (<c>AccountKey</c>, base64); null with a SAS.</summary>
    public string? AccountKey { get; init; }

    /// <summary>The SAS (<c>SharedAccessSignature</c>, without its leading '?'); null with a key.</summary>
    public string? SharedAccessSignature { get; init; }

    /// <summary>Whether the endpoint is path-style (<c>http://HOST:PORT/ACCOUNT</c>: Azurite, emulators).</summary>
    public bool IsPathStyle => ServiceUri.AbsolutePath.Trim('/').Length > 0;

    /// <summary>
    /// Reads a connection string; null with a reason (naming the missing part, never quoting the text) when it is
    /// not one Blob Storage can use.
    /// </summary>
    public static BlobConnectionString? Parse(string text, out string? problem)
    {
        problem = null;
        var parts = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var piece in text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = piece.IndexOf('=');
            if (equals <= 0) { problem = "it is not a list of Name=Value pairs separated by ';'"; return null; }
            parts[piece[..equals].Trim()] = piece[(equals + 1)..].Trim();
        }
        if (parts.TryGetValue("UseDevelopmentStorage", out var development) && development.Equals("true", StringComparison.OrdinalIgnoreCase))
            return new BlobConnectionString
            {
                Account = DevelopmentAccount,
                AccountKey = DevelopmentKey,
                ServiceUri = new Uri($"http://127.0.0.1:10000/{DevelopmentAccount}"),
            };

        parts.TryGetValue("AccountName", out var account);
        parts.TryGetValue("AccountKey", out var key);
        parts.TryGetValue("SharedAccessSignature", out var sas);
        Uri? endpoint = null;
        if (parts.TryGetValue("BlobEndpoint", out var endpointText)
            && (!Uri.TryCreate(endpointText.TrimEnd('/'), UriKind.Absolute, out endpoint) || endpoint.Scheme is not ("http" or "https")
                || endpoint.Query.Length > 0 || endpoint.UserInfo.Length > 0))
        {
            problem = "its BlobEndpoint is not an http(s) URL without a query";
            return null;
        }
        if (string.IsNullOrEmpty(key) && string.IsNullOrEmpty(sas)) { problem = "it has neither AccountKey nor SharedAccessSignature"; return null; }
        if (!string.IsNullOrEmpty(key) && !string.IsNullOrEmpty(sas)) { problem = "it has both AccountKey and SharedAccessSignature"; return null; }
        if (!string.IsNullOrEmpty(key) && string.IsNullOrEmpty(account)) { problem = "it has an AccountKey but no AccountName"; return null; }
        if (endpoint is null)
        {
            if (string.IsNullOrEmpty(account)) { problem = "it names no AccountName and no BlobEndpoint"; return null; }
            var protocol = parts.TryGetValue("DefaultEndpointsProtocol", out var p) ? p.ToLowerInvariant() : "https";
            var suffix = parts.TryGetValue("EndpointSuffix", out var s) ? s : "core.windows.net";
            endpoint = new Uri($"{protocol}://{account}.blob.{suffix}");
        }
        account ??= AccountOf(endpoint);
        if (account is null) { problem = "its account cannot be told from AccountName or BlobEndpoint"; return null; }
        return new BlobConnectionString
        {
            Account = account,
            AccountKey = string.IsNullOrEmpty(key) ? null : key,
            SharedAccessSignature = string.IsNullOrEmpty(sas) ? null : sas.TrimStart('?'),
            ServiceUri = new Uri(endpoint.GetLeftPart(UriPartial.Path).TrimEnd('/')),
        };
    }

    /// <summary>The account an endpoint names: the first path segment (path-style) or the host's first label.</summary>
    internal static string? AccountOf(Uri endpoint)
    {
        var path = endpoint.AbsolutePath.Trim('/');
        if (path.Length > 0) return path.Split('/')[0];
        var host = endpoint.Host;
        var dot = host.IndexOf('.');
        return dot > 0 && host[(dot + 1)..].StartsWith("blob.", StringComparison.OrdinalIgnoreCase) ? host[..dot] : null;
    }

    /// <summary>No secret: the account and endpoint only.</summary>
    public override string ToString() => $"account {Account} at {ServiceUri} ({(AccountKey is null ? "SAS" : "shared key")})";
}
