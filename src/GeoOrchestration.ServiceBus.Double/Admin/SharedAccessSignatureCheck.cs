using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace GeoOrchestration.ServiceBus.Double.Admin;

/// <summary>
/// Checks a Service Bus SAS token (<c>SharedAccessSignature sr=..&amp;sig=..&amp;se=..&amp;skn=..</c>) the way the
/// service does: signed with the double's one key (the key text's UTF-8 bytes, not base64-decoded), by that
/// key's name, not expired, and for an audience that covers the host asked.
/// </summary>
/// <remarks>
/// The SDK signs <c>urlencode(resource) + "\n" + expiry</c> and sends <c>sr</c> already URL-encoded, so the raw
/// <c>sr</c> text is what was signed: it is not decoded before hashing. The administration client signs the
/// namespace as <c>https://{host}/</c> (no port, always https, even for the emulator), so the audience is
/// matched on host and path only.
/// </remarks>
public sealed class SharedAccessSignatureCheck(string keyName, string key, TimeProvider time)
{
    private const string Prefix = "SharedAccessSignature ";
    private readonly byte[] keyBytes = Encoding.UTF8.GetBytes(key);

    /// <summary>Why <paramref name="token"/> does not authorize a call to <paramref name="host"/>/<paramref name="path"/>; null when it does.</summary>
    /// <param name="token">The Authorization header's value (may be null or empty).</param>
    /// <param name="host">The host the request was sent to, without port.</param>
    /// <param name="path">The request's path, e.g. <c>/geo-tasks</c>.</param>
    public string? Reject(string? token, string host, string path)
    {
        if (string.IsNullOrEmpty(token))
            return "No Authorization header: a SAS token is required.";
        if (!token.StartsWith(Prefix, StringComparison.Ordinal))
            return "The Authorization header is not a SharedAccessSignature token.";

        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in token[Prefix.Length..].Split('&'))
        {
            var eq = pair.IndexOf('=');
            if (eq > 0)
                fields[pair[..eq]] = pair[(eq + 1)..];
        }
        foreach (var required in new[] { "sr", "sig", "se", "skn" })
        {
            if (!fields.ContainsKey(required))
                return $"The SAS token has no '{required}' field.";
        }

        if (!string.Equals(WebUtility.UrlDecode(fields["skn"]), keyName, StringComparison.Ordinal))
            return $"The SAS token is signed by key '{WebUtility.UrlDecode(fields["skn"])}', which this namespace does not have.";
        if (!long.TryParse(fields["se"], out var expiry))
            return "The SAS token's expiry ('se') is not a number of Unix seconds.";
        if (expiry <= time.GetUtcNow().ToUnixTimeSeconds())
            return "The SAS token has expired.";

        var expected = HMACSHA256.HashData(keyBytes, Encoding.UTF8.GetBytes(fields["sr"] + "\n" + fields["se"]));
        byte[] given;
        try
        {
            given = Convert.FromBase64String(WebUtility.UrlDecode(fields["sig"]));
        }
        catch (FormatException)
        {
            return "The SAS token's signature ('sig') is not base64.";
        }
        if (!CryptographicOperations.FixedTimeEquals(expected, given))
            return "The SAS token's signature does not match this namespace's key.";

        if (!Uri.TryCreate(WebUtility.UrlDecode(fields["sr"]), UriKind.Absolute, out var audience))
            return "The SAS token's audience ('sr') is not a URI.";
        if (!string.Equals(audience.Host, host, StringComparison.OrdinalIgnoreCase)
            || !path.StartsWith(audience.AbsolutePath.TrimEnd('/'), StringComparison.OrdinalIgnoreCase))
            return $"The SAS token's audience '{audience}' does not cover '{host}{path}'.";
        return null;
    }
}
