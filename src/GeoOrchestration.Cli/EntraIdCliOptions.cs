using System.CommandLine;
using Azure.Core;
using GeoOrchestration.Hosting;
using GeoOrchestration.Hosting.EntraId;

namespace GeoOrchestration.Cli;

/// <summary>
/// The Entra ID options every command accepts: <c>--use-entra-id</c> for PostgreSQL logins, and the
/// one credential the process uses for PostgreSQL and Service Bus alike (<c>--credential</c>,
/// <c>--managed-identity-client-id</c>; see <see cref="EntraIdOptions"/>).
/// </summary>
public sealed class EntraIdCliOptions
{
    public Option<bool> UseEntraId { get; } = new("--use-entra-id")
    {
        Description = "Log in to PostgreSQL with Entra ID tokens from --credential: the connection names the Entra role as Username and holds no password.",
        Recursive = true,
    };

    public Option<string?> Credential { get; } = new("--credential")
    {
        Description = $"The Entra ID credential for PostgreSQL (--use-entra-id) and Service Bus: {string.Join(", ", EntraIdOptions.CredentialNames)} " +
            $"(default: ${EntraIdOptions.CredentialVariable}, else default, Azure's DefaultAzureCredential, for developer machines; name the identity in containers).",
        Recursive = true,
    };

    public Option<string?> ManagedIdentityClientId { get; } = new("--managed-identity-client-id")
    {
        Description = $"Client id of a user-assigned managed identity, or of a workload identity's application (default: ${EntraIdOptions.ClientIdVariable}; " +
            "without one, managed-identity is the system-assigned identity).",
        Recursive = true,
    };

    public void AddTo(RootCommand root)
    {
        root.Add(UseEntraId);
        root.Add(Credential);
        root.Add(ManagedIdentityClientId);
    }

    /// <summary>The credential options as given, else from the environment.</summary>
    /// <exception cref="Errors.GeoValidationException">Field <c>credential</c> or <c>managed_identity_client_id</c> (or their variables).</exception>
    public EntraIdOptions Resolve(ParseResult parse, PlatformEnvironment? environment = null) =>
        EntraIdOptions.Resolve(parse.GetValue(Credential), parse.GetValue(ManagedIdentityClientId), environment);

    /// <summary>The process's one credential for these options (<see cref="ProcessCredential.For"/>): for Service Bus, the same instance PostgreSQL uses.</summary>
    public TokenCredential ProcessCredentialFor(ParseResult parse, PlatformEnvironment? environment = null) =>
        ProcessCredential.For(Resolve(parse, environment));

    /// <summary><paramref name="connection"/>, logging in with Entra ID when <c>--use-entra-id</c> was given.</summary>
    public GeoConnection Apply(GeoConnection connection, ParseResult parse, PlatformEnvironment? environment = null) =>
        parse.GetValue(UseEntraId) ? connection.WithEntraId(Resolve(parse, environment)) : connection;
}
