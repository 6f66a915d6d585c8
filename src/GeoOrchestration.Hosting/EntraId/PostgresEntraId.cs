using Azure.Core;
using Azure.Identity;
using GeoOrchestration.Errors;

namespace GeoOrchestration.Hosting.EntraId;

/// <summary>
/// PostgreSQL logins with Entra ID (Azure Database for PostgreSQL flexible server): the access token
/// is the password and the Entra role (for a managed identity, its name) is the user name.
/// </summary>
public static class PostgresEntraId
{
    /// <summary>The token scope of Azure Database for PostgreSQL.</summary>
    public const string Scope = "https://ossrdbms-aad.database.windows.net/.default";

    private static readonly TokenRequestContext Request = new([Scope]);

    /// <summary>
    /// The store's password provider (<c>PostgresStoreOptions.PasswordProvider</c>) over <paramref name="credential"/>:
    /// each new physical connection asks the credential for a token, which Azure.Identity serves from
    /// its cache while it is valid and renews before it expires; nothing is kept here.
    /// </summary>
    /// <param name="credential">The process's credential (<see cref="ProcessCredential.For"/>), or a test's.</param>
    /// <param name="description">The credential for people (<see cref="EntraIdOptions.ToString"/>), named in errors.</param>
    /// <remarks>
    /// A credential that cannot get a token throws <see cref="GeoConfigurationException"/> (id
    /// <see cref="TokenUnavailableId"/>) naming the credential, with Azure.Identity's reason (which holds no secret).
    /// </remarks>
    public static Func<CancellationToken, ValueTask<string>> PasswordProvider(TokenCredential credential, string description) =>
        async cancellationToken =>
        {
            try
            {
                return (await credential.GetTokenAsync(Request, cancellationToken)).Token;
            }
            catch (AuthenticationFailedException e)
            {
                throw new GeoConfigurationException(TokenUnavailableId,
                    $"Entra ID: credential '{description}' could not get a token for PostgreSQL (scope {Scope}): {e.Message}", e);
            }
        };

    /// <summary>Error id when the credential cannot get a token (no identity, not signed in, refused).</summary>
    public const string TokenUnavailableId = "EntraIdTokenUnavailable";
}
