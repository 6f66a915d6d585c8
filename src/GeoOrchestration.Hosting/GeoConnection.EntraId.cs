using Azure.Core;
using GeoOrchestration.Errors;
using GeoOrchestration.Hosting.EntraId;

namespace GeoOrchestration.Hosting;

public sealed partial class GeoConnection
{
    /// <summary>
    /// The Entra ID credential PostgreSQL logins use (<c>--use-entra-id</c>, <c>-UseEntraId</c>); null when the
    /// connection string's password (or the server's other means) is used.
    /// </summary>
    public EntraIdOptions? EntraId { get; }

    /// <summary>The credential whose tokens are the passwords when <see cref="EntraId"/> is set: the process's (<see cref="ProcessCredential"/>) unless another was given.</summary>
    public TokenCredential? Credential { get; }

    /// <summary>True when PostgreSQL logins use Entra ID tokens.</summary>
    public bool UsesEntraId => EntraId is not null;

    /// <summary>
    /// This connection with PostgreSQL logins by Entra ID: each new physical connection's password is a
    /// current token of the credential (scope <see cref="PostgresEntraId.Scope"/>), and the connection
    /// string's user name is the Entra role.
    /// </summary>
    /// <param name="options">Which credential: the process's one for these options (<see cref="ProcessCredential.For"/>).</param>
    /// <exception cref="GeoValidationException">
    /// Field <c>use_entra_id</c>: the store is the embedded one; field <c>connection</c>: it holds a password
    /// (the token is the password) or no user name (the Entra role must be named).
    /// </exception>
    /// <remarks>
    /// No Azure type in this signature: the PowerShell module's cmdlet assembly calls it, and must reference
    /// no third-party assembly (those load in the module's own context).
    /// </remarks>
    public GeoConnection WithEntraId(EntraIdOptions options) => WithEntraId(options, ProcessCredential.For(options));

    /// <summary>As <see cref="WithEntraId(EntraIdOptions)"/>, with a credential of the caller's (a host's own, or a test's).</summary>
    /// <param name="options">What <paramref name="credential"/> is, for messages.</param>
    /// <param name="credential">The credential whose tokens are the passwords.</param>
    public GeoConnection WithEntraId(EntraIdOptions options, TokenCredential credential)
    {
        if (Location is not PostgresLocation postgres)
            throw new GeoValidationException("use_entra_id", "not_applicable",
                $"'use_entra_id' applies to a PostgreSQL store only; {Describe(Location, null, Source)} is the embedded store, which has no login.");
        var errors = new List<ValidationError>();
        if (PostgresConnectionText.HasPassword(postgres.ConnectionString))
            errors.Add(new ValidationError("connection", "no_password_with_entra_id",
                "'connection' must not hold a password with Entra ID: the token is the password; remove Password from the connection string."));
        if (postgres.Username is null)
            errors.Add(new ValidationError("connection", "username_with_entra_id",
                "'connection' must name the Entra role as its user name with Entra ID (Username=ROLE; for a managed identity, its name)."));
        if (errors.Count > 0) throw new GeoValidationException(errors);
        return new(Location, Schema, Source, CreatesStore, options, credential);
    }
}
