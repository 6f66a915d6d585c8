namespace GeoOrchestration.Hosting.EntraId;

/// <summary>Which Entra ID credential the process uses (<see cref="EntraIdOptions.Credential"/>).</summary>
public enum CredentialKind
{
    /// <summary>
    /// <c>default</c>: Azure.Identity's <c>DefaultAzureCredential</c>, a chain that tries the environment,
    /// workload identity, managed identity, then a developer's sign-in (Azure CLI, Azure PowerShell,
    /// Visual Studio). For a developer machine; in containers name the credential instead, so a
    /// missing identity fails at once rather than after the chain's other attempts.
    /// </summary>
    Default,

    /// <summary><c>managed-identity</c>: the managed identity of the Azure resource (system-assigned, or user-assigned by client id).</summary>
    ManagedIdentity,

    /// <summary>
    /// <c>workload-identity</c>: Kubernetes workload identity federation (AKS): the service account's
    /// token file (<c>AZURE_FEDERATED_TOKEN_FILE</c>) exchanged for the application's token in tenant
    /// <c>AZURE_TENANT_ID</c>; the variables are set by the workload identity webhook.
    /// </summary>
    WorkloadIdentity,
}
