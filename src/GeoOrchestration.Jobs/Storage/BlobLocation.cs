using System.IO.Enumeration;
using GeoOrchestration.Errors;

namespace GeoOrchestration.Jobs.Storage;

/// <summary>
/// A place in Blob Storage named by a <c>source</c> or <c>destination</c> parameter:
/// <list type="bullet">
/// <item><c>az://CONTAINER[/PREFIX][/GLOB]</c>: the account from the environment (<see cref="BlobEnvironment"/>);</item>
/// <item><c>https://ACCOUNT.blob.core.windows.net/CONTAINER[/PREFIX][/GLOB]</c>;</item>
/// <item><c>http(s)://HOST:PORT/ACCOUNT/CONTAINER[/PREFIX]</c> (path-style: Azurite, emulators), accepted only when it
/// is the <c>BlobEndpoint</c> of <c>AZURE_STORAGE_CONNECTION_STRING</c>.</item>
/// </list>
/// A glob (<c>*</c>, <c>?</c>) may only be the last part, as for folders. A URL with a query string (a SAS) or user
/// info is refused: credentials come from the environment, so nothing secret sits in parameters, results or logs.
/// </summary>
public sealed record BlobLocation
{
    /// <summary>The storage account, e.g. <c>geodata</c> or <c>devstoreaccount1</c>.</summary>
    public required string Account { get; init; }

    /// <summary>The account's blob service, e.g. <c>https://geodata.blob.core.windows.net</c> or <c>http://127.0.0.1:10000/devstoreaccount1</c>: no trailing slash, no query.</summary>
    public required Uri ServiceUri { get; init; }

    /// <summary>The container.</summary>
    public required string Container { get; init; }

    /// <summary>The blob name prefix: <c>""</c> for the whole container, else ending in <c>'/'</c> (<c>scenes/2024/</c>).</summary>
    public string Prefix { get; init; } = "";

    /// <summary>The glob the last part held (<c>*.tif</c>), matched against each blob's last name part; null for none.</summary>
    public string? Pattern { get; init; }

    /// <summary>Whether the text was an <c>az://</c> location (then <see cref="ToString"/> writes it back that way).</summary>
    public bool IsAzScheme { get; init; }

    /// <summary>
    /// The blob this location names when it names one (a list <c>source</c> entry, <c>az://c/scenes/a.tif</c>):
    /// <see cref="Prefix"/> without its last <c>'/'</c>; null for the whole container or a glob.
    /// </summary>
    public string? BlobName => Pattern is null && Prefix.Length > 0 ? Prefix[..^1] : null;

    /// <summary>Whether <paramref name="text"/> is meant as a blob location (<c>az://</c>, <c>http://</c> or <c>https://</c>), to be read by <see cref="Parse(string, string, List{ValidationError})"/>.</summary>
    public static bool IsBlob(string? text) =>
        text is not null && (text.StartsWith("az://", StringComparison.OrdinalIgnoreCase)
            || text.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
            || text.StartsWith("http://", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Reads a location with this process's environment. Adds a broken rule naming <paramref name="field"/> for each
    /// problem (rules <c>blob_url</c>, <c>no_credentials_in_url</c>, <c>container</c>, <c>glob</c>, <c>blob_account</c>,
    /// <c>blob_credentials</c>) and returns null when there was one.
    /// </summary>
    public static BlobLocation? Parse(string text, string field, List<ValidationError> errors) =>
        Parse(text, field, errors, BlobEnvironment.Process);

    /// <summary>As <see cref="Parse(string, string, List{ValidationError})"/>, with the given environment.</summary>
    public static BlobLocation? Parse(string text, string field, List<ValidationError> errors, BlobEnvironment environment)
    {
        var before = errors.Count;
        void Fail(string rule, string message) => errors.Add(new(field, rule, $"Parameter '{field}': {message}"));

        // Read by hand, not by Uri: '?' is a glob character here (a.tif?), and Uri would lower-case a container in the host place.
        var schemeEnd = text.IndexOf("://", StringComparison.Ordinal);
        var scheme = schemeEnd > 0 ? text[..schemeEnd].ToLowerInvariant() : "";
        var rest = schemeEnd > 0 ? text[(schemeEnd + 3)..] : "";
        var slash = rest.IndexOf('/');
        var authority = scheme == "az" ? "" : slash < 0 ? rest : rest[..slash];
        var path = scheme == "az" ? rest : slash < 0 ? "" : rest[slash..];
        if (scheme is not ("az" or "http" or "https") || (scheme == "az" ? path.Trim('/').Length == 0 : authority.Length == 0))
        {
            Fail("blob_url", $"'{Shorten(text)}' is not a blob location (az://CONTAINER/PREFIX or https://ACCOUNT.blob.core.windows.net/CONTAINER/PREFIX).");
            return null;
        }
        if (authority.Contains('@') || rest.Contains('#') || LooksLikeQuery(rest))
        {
            // Not echoed: the query is most likely a SAS token.
            Fail("no_credentials_in_url", "a blob location may not carry a query string (a SAS token), user info or a fragment; give credentials by environment (" +
                $"{BlobEnvironment.ConnectionStringVariable} or {BlobEnvironment.AccountVariable}).");
            return null;
        }
        if (scheme != "az" && !Uri.TryCreate($"{scheme}://{authority}", UriKind.Absolute, out _))
        {
            Fail("blob_url", $"'{Shorten(text)}' is not a blob location (az://CONTAINER/PREFIX or https://ACCOUNT.blob.core.windows.net/CONTAINER/PREFIX).");
            return null;
        }
        var origin = scheme == "az" ? null : new Uri($"{scheme}://{authority}");

        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToList();
        string account;
        Uri service;
        if (scheme == "az")
        {
            var connection = environment.ConnectionString(out var problem);
            if (problem is not null) { Fail("blob_credentials", problem); return null; }
            if (connection is not null) (account, service) = (connection.Account, connection.ServiceUri);
            else if (environment.Account is { } named) (account, service) = (named, new Uri($"https://{named}.blob.core.windows.net"));
            else { Fail("blob_credentials", $"no storage account for '{Shorten(text)}': {BlobEnvironment.WhatToSet}."); return null; }
        }
        else if (BlobConnectionString.AccountOf(origin!) is { } hostAccount)
        {
            (account, service) = (hostAccount, origin!);
        }
        else
        {
            // Path-style: only the connection string's own endpoint (an emulator), never an arbitrary host.
            var connection = environment.ConnectionString(out _);
            if (connection is null || !connection.IsPathStyle || segments.Count == 0
                || !string.Equals(origin!.GetLeftPart(UriPartial.Authority), connection.ServiceUri.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase)
                || segments[0] != connection.Account)
            {
                Fail("blob_account", $"'{Shorten(text)}' is not a Blob Storage URL (https://ACCOUNT.blob.core.windows.net/CONTAINER/...), nor the BlobEndpoint " +
                    $"of {BlobEnvironment.ConnectionStringVariable} followed by a container.");
                return null;
            }
            (account, service) = (connection.Account, connection.ServiceUri);
            segments.RemoveAt(0);
        }

        if (segments.Count == 0) { Fail("container", $"'{Shorten(text)}' names no container."); return null; }
        var container = segments[0];
        if (!IsContainerName(container))
            Fail("container", $"'{Shorten(container)}' is not a container name (3 to 63 lower-case letters, digits and single hyphens, starting with a letter or digit).");
        var parts = segments.Skip(1).ToList();
        string? pattern = null;
        if (parts.Count > 0 && HasGlob(parts[^1]))
        {
            pattern = parts[^1];
            parts.RemoveAt(parts.Count - 1);
        }
        if (parts.Any(HasGlob) || HasGlob(container))
            Fail("glob", $"a glob may only be the last part of the location; got '{Shorten(text)}'.");
        if (errors.Count > before) return null;
        return new BlobLocation
        {
            Account = account,
            ServiceUri = service,
            Container = container,
            Prefix = parts.Count == 0 ? "" : string.Join('/', parts) + "/",
            Pattern = pattern,
            IsAzScheme = scheme == "az",
        };
    }

    /// <summary>The blob's URL, without any query string: what STAC hrefs and results show.</summary>
    /// <param name="blobName">The full blob name (<c>scenes/a.tif</c>).</param>
    public Uri UrlOf(string blobName) =>
        new($"{ServiceUri.AbsoluteUri.TrimEnd('/')}/{Container}/{string.Join('/', blobName.Split('/').Select(Uri.EscapeDataString))}");

    /// <summary>Whether a listed blob name matches <see cref="Pattern"/> (its last part, as a folder glob matches file names); true without a pattern.</summary>
    public bool Matches(string blobName) =>
        Pattern is null || FileSystemName.MatchesSimpleExpression(Pattern, blobName.AsSpan(blobName.LastIndexOf('/') + 1), ignoreCase: false);

    /// <summary>The location as it is typed: <c>az://scenes/2024/*.tif</c> or its URL. Holds no secret.</summary>
    public override string ToString() =>
        (IsAzScheme ? $"az://{Container}" : $"{ServiceUri.AbsoluteUri.TrimEnd('/')}/{Container}") + (Prefix.Length > 0 ? "/" + Prefix.TrimEnd('/') : "") + (Pattern is null ? "" : "/" + Pattern);

    /// <summary>Whether a name part is a glob (holds <c>*</c> or <c>?</c>).</summary>
    public static bool HasGlob(string part) => part.IndexOfAny(['*', '?']) >= 0;

    /// <summary>Blob Storage's container naming rule.</summary>
    public static bool IsContainerName(string name) =>
        name.Length is >= 3 and <= 63 && char.IsAsciiLetterOrDigit(name[0]) && char.IsAsciiLetterOrDigit(name[^1])
        && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-') && !name.Contains("--", StringComparison.Ordinal);

    // A '?' starts a query (a SAS: sv=...&sig=...) when what follows it holds '=' or '&'; else it is a glob character.
    private static bool LooksLikeQuery(string rest)
    {
        var mark = rest.IndexOf('?');
        return mark >= 0 && rest[mark..].IndexOfAny(['=', '&']) >= 0;
    }

    private static string Shorten(string text) => text.Length > 200 ? text[..197] + "..." : text;
}
