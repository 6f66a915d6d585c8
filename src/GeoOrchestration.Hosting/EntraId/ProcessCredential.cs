using System.Collections.Concurrent;
using Azure.Core;
using Azure.Identity;

namespace GeoOrchestration.Hosting.EntraId;

/// <summary>
/// The process's Entra ID credential, shared by PostgreSQL (<see cref="PostgresEntraId"/>) and Service Bus
/// (<c>ServiceBusTransportOptions.Credential</c>): one instance per <see cref="EntraIdOptions"/> for the
/// life of the process, so Azure.Identity's token cache serves both and every connection. Creating a
/// credential asks for no token: the first connection does.
/// </summary>
public static class ProcessCredential
{
    private static readonly ConcurrentDictionary<EntraIdOptions, Lazy<TokenCredential>> Credentials = new();

    /// <summary>The credential for <paramref name="options"/>: the same instance for equal options, made on first use.</summary>
    public static TokenCredential For(EntraIdOptions options) =>
        Credentials.GetOrAdd(options, o => new Lazy<TokenCredential>(() => Create(o))).Value;

    /// <summary>A new credential of the kind <paramref name="options"/> names (<see cref="For"/> keeps one per options).</summary>
    internal static TokenCredential Create(EntraIdOptions options) => options.Credential switch
    {
        CredentialKind.ManagedIdentity => new ManagedIdentityCredential(Bounded(new ManagedIdentityCredentialOptions(
            options.ClientId is { } clientId ? ManagedIdentityId.FromUserAssignedClientId(clientId) : ManagedIdentityId.SystemAssigned))),
        CredentialKind.WorkloadIdentity => new WorkloadIdentityCredential(Bounded(new WorkloadIdentityCredentialOptions
        {
            ClientId = options.ClientId,
            TenantId = options.TenantId,
            TokenFilePath = options.FederatedTokenFile,
        })),
        _ => new DefaultAzureCredential(new DefaultAzureCredentialOptions
        {
            // Null leaves the chain to read AZURE_CLIENT_ID itself, as Resolve did.
            ManagedIdentityClientId = options.ClientId,
            WorkloadIdentityClientId = options.ClientId,
        }),
    };

    /// <summary>
    /// Retries that fit in a PostgreSQL connection's start-up (Npgsql's <c>Timeout</c>, 15 s by default), which
    /// waits for the token: with Azure.Core's defaults (backoff to a minute) an identity endpoint that cannot
    /// be reached took 24 s here, past that timeout, so the login failed as a transient timeout and the store
    /// retried it for minutes instead of saying that no token can be had. Measured with an unreachable
    /// endpoint: about 8 s with these settings, the identity library's own retries included.
    /// </summary>
    internal static T Bounded<T>(T options) where T : Azure.Core.ClientOptions
    {
        options.Retry.MaxRetries = 3;
        options.Retry.Delay = TimeSpan.FromMilliseconds(500);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(2);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(10);
        return options;
    }
}
