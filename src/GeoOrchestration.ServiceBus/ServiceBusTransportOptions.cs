using Azure.Core;

namespace GeoOrchestration.ServiceBus;

/// <summary>
/// Where the Service Bus transport sends and receives, and how it authenticates: a namespace with a
/// <see cref="TokenCredential"/> (Entra ID: managed identity, workload identity, a developer's
/// credential), or a SAS connection string. Exactly one of <see cref="FullyQualifiedNamespace"/> and
/// <see cref="ConnectionString"/> is set.
/// </summary>
public sealed record ServiceBusTransportOptions
{
    /// <summary>The namespace host, e.g. <c>geo-prod.servicebus.windows.net</c> (a bare name gets <c>.servicebus.windows.net</c>); used with <see cref="Credential"/>.</summary>
    public string? FullyQualifiedNamespace { get; init; }

    /// <summary>A SAS connection string (<c>Endpoint=sb://...;SharedAccessKeyName=...;SharedAccessKey=...</c>, optionally <c>UseDevelopmentEmulator=true</c>). A secret: never logged.</summary>
    public string? ConnectionString { get; init; }

    /// <summary>The process's one credential, shared with PostgreSQL (required with <see cref="FullyQualifiedNamespace"/>).</summary>
    public TokenCredential? Credential { get; init; }

    /// <summary>The queue of control work (plan a stage, finalize a job). Default <c>geo-control</c>.</summary>
    public string ControlQueue { get; init; } = "geo-control";

    /// <summary>The queue of task attempts. Default <c>geo-tasks</c>.</summary>
    public string TaskQueue { get; init; } = "geo-tasks";
}
