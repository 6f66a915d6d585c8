using GeoOrchestration.Errors;

namespace GeoOrchestration.Hosting.EntraId;

/// <summary>
/// Which Entra ID credential this process uses, for PostgreSQL (<c>--use-entra-id</c>) and Service Bus
/// alike: one credential per process (<see cref="ProcessCredential"/>). Read by <see cref="Resolve"/>
/// from what the front end was given and the environment:
/// <list type="bullet">
/// <item>the credential: <c>--credential</c> / <c>-Credential</c>, else <c>GEO_CREDENTIAL</c>, else <c>default</c>;</item>
/// <item>the client id: <c>--managed-identity-client-id</c> / <c>-ManagedIdentityClientId</c>, else
/// <c>AZURE_CLIENT_ID</c> (Azure's own convention: <c>DefaultAzureCredential</c> and workload identity read
/// it too), else none, which for a managed identity is the system-assigned one.</item>
/// </list>
/// Equal options are equal records, and give the same credential instance.
/// </summary>
public sealed record EntraIdOptions
{
    /// <summary>The environment variable naming the credential when none is given.</summary>
    public const string CredentialVariable = "GEO_CREDENTIAL";

    /// <summary>Azure's variable for the client id of a user-assigned managed identity or a workload identity's application.</summary>
    public const string ClientIdVariable = "AZURE_CLIENT_ID";

    /// <summary>The tenant of a workload identity (set by the AKS workload identity webhook).</summary>
    public const string TenantIdVariable = "AZURE_TENANT_ID";

    /// <summary>The service account token file of a workload identity (set by the AKS workload identity webhook).</summary>
    public const string FederatedTokenFileVariable = "AZURE_FEDERATED_TOKEN_FILE";

    /// <summary>The names <c>--credential</c> accepts, in the order of <see cref="CredentialKind"/>.</summary>
    public static IReadOnlyList<string> CredentialNames { get; } = ["default", "managed-identity", "workload-identity"];

    /// <summary>The credential. Default <see cref="CredentialKind.Default"/>.</summary>
    public CredentialKind Credential { get; init; } = CredentialKind.Default;

    /// <summary>
    /// The client id (a GUID) of a user-assigned managed identity, or of a workload identity's application;
    /// null for a system-assigned managed identity (or, for <c>default</c>, the chain's own choice).
    /// </summary>
    public string? ClientId { get; init; }

    /// <summary>The tenant of a workload identity; null for the other credentials.</summary>
    public string? TenantId { get; init; }

    /// <summary>The token file of a workload identity; null for the other credentials.</summary>
    public string? FederatedTokenFile { get; init; }

    /// <summary>The credential's name as <c>--credential</c> takes it: <c>default</c>, <c>managed-identity</c>, <c>workload-identity</c>.</summary>
    public string CredentialName => CredentialNames[(int)Credential];

    /// <summary>
    /// Reads the options from what the front end was given (null when not) and the environment.
    /// </summary>
    /// <param name="credential">The credential's name (<c>--credential</c>), or null for <c>GEO_CREDENTIAL</c>, else <c>default</c>.</param>
    /// <param name="clientId">The client id (<c>--managed-identity-client-id</c>), or null for <c>AZURE_CLIENT_ID</c>, else none.</param>
    /// <param name="environment">The environment variables; default this process's.</param>
    /// <exception cref="GeoValidationException">
    /// Field <c>credential</c> (or <c>GEO_CREDENTIAL</c>): not one of the names; field <c>managed_identity_client_id</c>
    /// (or <c>AZURE_CLIENT_ID</c>): not a GUID; every broken rule at once.
    /// </exception>
    /// <exception cref="GeoConfigurationException">Workload identity without its tenant, token file or client id in the environment.</exception>
    public static EntraIdOptions Resolve(string? credential, string? clientId, PlatformEnvironment? environment = null)
    {
        environment ??= PlatformEnvironment.Current;
        var errors = new List<ValidationError>();
        var kind = ReadKind(credential, environment, errors);
        var id = ReadClientId(clientId, environment, errors);
        if (errors.Count > 0) throw new GeoValidationException(errors);
        if (kind != CredentialKind.WorkloadIdentity) return new EntraIdOptions { Credential = kind, ClientId = id };

        var tenant = environment.Variable(TenantIdVariable);
        var tokenFile = environment.Variable(FederatedTokenFileVariable);
        var missing = new[] { (TenantIdVariable, tenant), (FederatedTokenFileVariable, tokenFile), (ClientIdVariable, id) }
            .Where(v => v.Item2 is null).Select(v => v.Item1).ToList();
        if (missing.Count > 0)
            throw new GeoConfigurationException(
                $"Credential 'workload-identity' needs {string.Join(", ", missing)} in the environment (the AKS workload identity webhook sets " +
                $"{TenantIdVariable}, {ClientIdVariable} and {FederatedTokenFileVariable}; a client id may also be given as --managed-identity-client-id).");
        return new EntraIdOptions { Credential = kind, ClientId = id, TenantId = tenant, FederatedTokenFile = tokenFile };
    }

    /// <summary>For people: <c>managed-identity (client id 00000000-...)</c>, <c>managed-identity (system-assigned)</c>, <c>default</c>. Holds no secret.</summary>
    public override string ToString() => Credential switch
    {
        CredentialKind.ManagedIdentity => $"{CredentialName} ({(ClientId is null ? "system-assigned" : "client id " + ClientId)})",
        _ when ClientId is not null => $"{CredentialName} (client id {ClientId})",
        _ => CredentialName,
    };

    private static CredentialKind ReadKind(string? given, PlatformEnvironment environment, List<ValidationError> errors)
    {
        var (text, field) = !string.IsNullOrWhiteSpace(given) ? (given.Trim(), "credential")
            : environment.Variable(CredentialVariable) is { } variable ? (variable.Trim(), CredentialVariable)
            : ("default", "credential");
        for (var i = 0; i < CredentialNames.Count; i++)
            if (string.Equals(text, CredentialNames[i], StringComparison.OrdinalIgnoreCase)) return (CredentialKind)i;
        errors.Add(new ValidationError(field, "one_of",
            $"'{field}' must be one of {string.Join(", ", CredentialNames)}; got '{Shorten(text)}'."));
        return CredentialKind.Default;
    }

    private static string? ReadClientId(string? given, PlatformEnvironment environment, List<ValidationError> errors)
    {
        var (text, field) = !string.IsNullOrWhiteSpace(given) ? (given.Trim(), "managed_identity_client_id")
            : environment.Variable(ClientIdVariable) is { } variable ? (variable.Trim(), ClientIdVariable)
            : (null, "");
        if (text is null) return null;
        if (Guid.TryParseExact(text, "D", out var id)) return id.ToString("D");
        errors.Add(new ValidationError(field, "format",
            // Not echoed: a client secret given here by mistake must not reach a log.
            $"'{field}' must be a client id, a GUID such as 00000000-0000-0000-0000-000000000000 (the value given is not one)."));
        return null;
    }

    private static string Shorten(string text) => text.Length > 40 ? text[..37] + "..." : text;
}
