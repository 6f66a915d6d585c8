using Azure.Core;
using Azure.Identity;

namespace GeoOrchestration.Hosting;

/// <summary>
/// The process's one Entra ID credential for a Service Bus namespace given by name.
/// </summary>
/// <remarks>
/// A stand-in until the process credential shared with PostgreSQL (managed identity, workload
/// identity, a developer's credential; issue 19 part 2) takes its place: one instance per process,
/// created on first use, so tokens are cached once.
/// </remarks>
internal static class ProcessCredential
{
    private static readonly Lazy<TokenCredential> Lazy = new(() => new DefaultAzureCredential());

    public static TokenCredential Shared => Lazy.Value;
}
