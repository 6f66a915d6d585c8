using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace GeoOrchestration.ServiceBus.Double.Amqp;

/// <summary>
/// Checks the tokens put through $cbs: SAS tokens signed with the configured key (HMAC-SHA256 over the URL-encoded
/// resource and the expiry, keyed by the key's UTF-8 bytes, as the service does), and jwt tokens whose audience or
/// issuer is the configured test one (the signature is not checked). Expiry follows the double's clock.
/// </summary>
internal sealed class TokenValidator
{
    public const string SasTokenType = "servicebus.windows.net:sastoken";
    public const string JwtTokenType = "jwt";

    private readonly ServiceBusDoubleOptions _options;
    private readonly TimeProvider _time;

    public TokenValidator(ServiceBusDoubleOptions options, TimeProvider time)
    {
        _options = options;
        _time = time;
    }

    /// <summary>The token's expiry when it is valid; else null with the reason.</summary>
    public DateTimeOffset? Validate(string? type, string? token, out string reason)
    {
        if (string.IsNullOrEmpty(token))
        {
            reason = "The token is empty.";
            return null;
        }

        var expiresAt = type switch
        {
            SasTokenType => ValidateSas(token, out reason),
            JwtTokenType => ValidateJwt(token, out reason),
            _ => Refuse($"Token type '{type}' is not supported.", out reason),
        };
        if (expiresAt is { } e && e <= _time.GetUtcNow())
        {
            reason = "The token has expired.";
            return null;
        }

        return expiresAt;
    }

    private DateTimeOffset? ValidateSas(string token, out string reason)
    {
        const string prefix = "SharedAccessSignature ";
        if (!token.StartsWith(prefix, StringComparison.Ordinal))
        {
            return Refuse("The SAS token does not start with 'SharedAccessSignature'.", out reason);
        }

        var fields = token[prefix.Length..].Split('&')
            .Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2)
            .GroupBy(p => p[0], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => WebUtility.UrlDecode(g.First()[1]), StringComparer.Ordinal);
        if (!fields.TryGetValue("sr", out var resource) || !fields.TryGetValue("sig", out var signature)
            || !fields.TryGetValue("se", out var expiry) || !fields.TryGetValue("skn", out var keyName)
            || !long.TryParse(expiry, NumberStyles.None, CultureInfo.InvariantCulture, out var expirySeconds))
        {
            return Refuse("The SAS token lacks sr, sig, se or skn.", out reason);
        }

        if (!string.Equals(keyName, _options.SharedAccessKeyName, StringComparison.Ordinal))
        {
            return Refuse($"No authorization rule named '{keyName}'.", out reason);
        }

        var toSign = WebUtility.UrlEncode(resource) + "\n" + expiry;
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(_options.SharedAccessKey), Encoding.UTF8.GetBytes(toSign));
        byte[] given;
        try
        {
            given = Convert.FromBase64String(signature);
        }
        catch (FormatException)
        {
            return Refuse("The SAS signature is not base64.", out reason);
        }

        if (!CryptographicOperations.FixedTimeEquals(expected, given))
        {
            return Refuse("The SAS signature does not match the key.", out reason);
        }

        reason = "";
        return DateTimeOffset.FromUnixTimeSeconds(expirySeconds);
    }

    private DateTimeOffset? ValidateJwt(string token, out string reason)
    {
        if (_options.JwtAudience is null && _options.JwtIssuer is null)
        {
            return Refuse("This double accepts no jwt tokens (set JwtAudience or JwtIssuer).", out reason);
        }

        var parts = token.Split('.');
        JsonElement claims;
        try
        {
            var payload = parts.Length >= 2 ? parts[1].Replace('-', '+').Replace('_', '/') : throw new FormatException();
            payload = payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=');
            claims = JsonDocument.Parse(Convert.FromBase64String(payload)).RootElement;
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return Refuse("The jwt is malformed.", out reason);
        }

        if (_options.JwtAudience is { } audience && !HasClaim(claims, "aud", audience))
        {
            return Refuse("The jwt's audience is not accepted.", out reason);
        }

        if (_options.JwtIssuer is { } issuer && !HasClaim(claims, "iss", issuer))
        {
            return Refuse("The jwt's issuer is not accepted.", out reason);
        }

        reason = "";
        return claims.TryGetProperty("exp", out var exp) && exp.TryGetInt64(out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : DateTimeOffset.MaxValue;
    }

    private static bool HasClaim(JsonElement claims, string name, string value) =>
        claims.TryGetProperty(name, out var claim) && (claim.ValueKind switch
        {
            JsonValueKind.String => claim.GetString() == value,
            JsonValueKind.Array => claim.EnumerateArray().Any(c => c.ValueKind == JsonValueKind.String && c.GetString() == value),
            _ => false,
        });

    private static DateTimeOffset? Refuse(string why, out string reason)
    {
        reason = why;
        return null;
    }
}
