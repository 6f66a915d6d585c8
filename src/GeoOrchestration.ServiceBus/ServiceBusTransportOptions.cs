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

    /// <summary>
    /// How the identity is named in error messages (e.g. a user-assigned managed identity's client id);
    /// null: the SAS key's name, or the credential's type. Not a secret.
    /// </summary>
    public string? IdentityName { get; init; }

    /// <summary>
    /// Messages each receiver's link fetches ahead of any receive call (the SDK's <c>PrefetchCount</c>).
    /// Default 0; 0 to 100. Kept small: the transport already receives only as many messages as the worker
    /// has free slots, and a prefetched message's lock runs while the worker is busy (it is not renewed),
    /// each expiry costing a delivery until the service dead-letters the message.
    /// </summary>
    public int PrefetchCount { get; init; }

    /// <summary>Most received messages a worker holds, both queues together, waiting for its next claim. Default 16; at least 1.</summary>
    public int ReceiveBuffer { get; init; } = 16;

    /// <summary>
    /// How long the janitor's sweeper leaves a ready attempt to the worker whose commit made it ready
    /// before sending it itself. Default 5 s.
    /// </summary>
    public TimeSpan SweepGrace { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// After how long an attempt that was sent but never claimed (its message lost or dead-lettered) is
    /// sent again; must be longer than the queues' duplicate-detection window, or the re-send is dropped.
    /// Default 11 min (the service's default window is 10 min).
    /// </summary>
    public TimeSpan StrandedAfter { get; init; } = TimeSpan.FromMinutes(11);

    /// <summary>How long disposing the transport waits for the relay to send what was committed (a submit that exits). Default 10 s.</summary>
    public TimeSpan FlushTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long the circuit stays open after Service Bus kept failing, before one call tries again. Default 15 s.</summary>
    public TimeSpan BreakDuration { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>The SDK's own retry: tries per call and the pause between them (exponential). Defaults 2 and 0.5 s; a broken connection should open our circuit quickly rather than hold a claim.</summary>
    public int SdkMaxRetries { get; init; } = 2;

    /// <inheritdoc cref="SdkMaxRetries"/>
    public TimeSpan SdkRetryDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long one Service Bus operation may take before the SDK gives up on it. Default 20 s.</summary>
    public TimeSpan OperationTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>A bare namespace name gets <c>.servicebus.windows.net</c>; a host (with a dot) is kept.</summary>
    /// <param name="name">A namespace name or host.</param>
    /// <returns>The fully qualified host.</returns>
    public static string QualifyNamespace(string name) => name.Contains('.') || name.Contains(':') ? name : name + ".servicebus.windows.net";
}
