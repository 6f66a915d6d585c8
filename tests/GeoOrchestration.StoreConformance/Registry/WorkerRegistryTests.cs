using GeoOrchestration.Store;
using GeoOrchestration.StoreConformance.Harness;
using Xunit.Abstractions;

namespace GeoOrchestration.StoreConformance;

/// <summary>
/// The worker registry (issue 23, "who is working"): the store's primitives (register, heartbeat,
/// deregister, list, expire) on a pinned clock, engine workers registering and leaving, and real
/// <c>geoorch worker</c> processes stopped with SIGTERM and killed with SIGKILL.
/// </summary>
/// <remarks>An area of the suite (<see cref="StoreConformanceTests"/>): each store's test project runs it through a one-line subclass.</remarks>
public abstract partial class WorkerRegistryTests(IStoreHarness harness, ITestOutputHelper? output = null) : StoreConformanceTests(harness, output)
{
    private static readonly TimeSpan Expiry = TimeSpan.FromSeconds(30);

    /// <summary>The instance token of the registrations the tests make (one test process registering its workers again).</summary>
    private const string Instance = "test-process";

    /// <summary>A registration as a worker would send it, with <paramref name="id"/> and the given details.</summary>
    private static WorkerRegisterParams Registration(string id, string host = "host-a", int pid = 4242, TimeSpan? uptime = null,
        TimeSpan? expiry = null, IReadOnlyList<string>? jobTypes = null, string instance = Instance) =>
        new(id, instance, host, pid, "1.2.3+abcdef0", jobTypes ?? ["hello_world", "noop"], 8, "poll every 5s", uptime ?? TimeSpan.Zero,
            expiry ?? Expiry, Running: 2);

    /// <summary>The registry as the store lists it; a store of this suite keeps one.</summary>
    private async Task<IReadOnlyList<WorkerRecord>> ListAsync(IGeoStore? store = null) =>
        await (store ?? Store).WorkerListAsync(CancellationToken.None) ?? throw new Xunit.Sdk.XunitException("The store keeps no worker registry.");

    private async Task<WorkerRecord?> FindAsync(string id, IGeoStore? store = null) =>
        (await ListAsync(store)).SingleOrDefault(w => w.WorkerId == id);
}
