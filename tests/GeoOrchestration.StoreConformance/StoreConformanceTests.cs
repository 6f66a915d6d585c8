using System.Collections.Concurrent;
using GeoOrchestration.Engine;
using GeoOrchestration.Jobs;
using GeoOrchestration.Model;
using GeoOrchestration.Registry;
using GeoOrchestration.Store;
using GeoOrchestration.StoreConformance.Harness;
using GeoOrchestration.StoreConformance.Support;
using Xunit.Abstractions;

namespace GeoOrchestration.StoreConformance;

/// <summary>
/// The behaviour every store must have, as one suite that each store's test project runs (after
/// river's driver test suite); this is what every area of it shares. The suite is split into areas,
/// abstract subclasses of this class in folders of their own (<see cref="ConformanceAreas"/>): the
/// store contract primitive by primitive (Contract), the engine's steps on a store (Steps), workers
/// on a store (Workers), <c>geoorch</c> processes (Processes); a store's test project runs each
/// through a one-line subclass giving its <see cref="IStoreHarness"/>, and xunit runs the areas side
/// by side (each class is a collection of its own; every test has a store of its own). Every
/// test gets a freshly deployed store of its own, builds its states through the store itself
/// (submit, claim, plan, complete, fail, ...) or through the real engine running on that store, and
/// asserts through the store's own queries: no SQL of any one database. After each test the store
/// must add up (<see cref="LeftBehindCheck"/>) and is dropped.
/// </summary>
public abstract partial class StoreConformanceTests : IAsyncLifetime
{
    /// <summary>Built-in jobs and the suite's test jobs and handlers (folder TestJobs).</summary>
    protected static JobRegistry Registry { get; } =
        JobRegistry.FromAssemblies(BuiltInJobs.Assembly, typeof(StoreConformanceTests).Assembly);

    private static readonly TimeSpan CleanupBound = TimeSpan.FromMinutes(2);

    private readonly IStoreHarness _harness;

    /// <summary>Where the test's stores come from (a store nothing has deployed yet, for the bad-input rows).</summary>
    protected IStoreHarness StoreHarness => _harness;
    private readonly ConcurrentQueue<IGeoStore> _clients = new();
    private readonly ConcurrentDictionary<string, byte> _workers = new(StringComparer.Ordinal);
    private IHarnessStore? _harnessStore;
    private IGeoStore? _store;
    private EngineSteps? _steps;
    private GeoClient? _client;

    /// <param name="output">Where tests write figures and seeds worth keeping (the crash test's); optional.</param>
    protected StoreConformanceTests(IStoreHarness harness, ITestOutputHelper? output = null)
    {
        _harness = harness;
        Output = output;
    }

    protected StoreCapabilities Capabilities => _harness.Capabilities;

    protected ITestOutputHelper? Output { get; }

    /// <summary>What a <c>geoorch</c> process needs in its environment to work on the test's store.</summary>
    protected IReadOnlyDictionary<string, string?> ProcessEnvironment =>
        (_harnessStore ?? throw new InvalidOperationException("The store is created before the test runs.")).ProcessEnvironment;

    /// <summary>The test's store, as its first client.</summary>
    protected IGeoStore Store => _store ?? throw new InvalidOperationException("The store is created before the test runs.");

    /// <summary>The engine's steps over <see cref="Store"/>, as a worker or the façade runs them.</summary>
    protected EngineSteps Steps => _steps ?? throw new InvalidOperationException("The store is created before the test runs.");

    /// <summary>The façade on <see cref="Store"/>, with <see cref="Registry"/>.</summary>
    protected GeoClient Client => _client ?? throw new InvalidOperationException("The store is created before the test runs.");

    /// <summary>
    /// How long a worker that should be woken waits before it polls anyway: far beyond any test's
    /// wait where the store wakes idle workers, so that only a wake-up gets the work done in time;
    /// short where it cannot (<see cref="WakeUpMechanism.PollOnly"/>), so that the poll does.
    /// </summary>
    protected TimeSpan IdlePoll => Capabilities.WakeUps == WakeUpMechanism.PollOnly ? TimeSpan.FromMilliseconds(200) : TimeSpan.FromMinutes(10);

    public async Task InitializeAsync()
    {
        _harnessStore = await _harness.CreateAsync(CancellationToken.None);
        _store = OpenStore();
        _steps = new EngineSteps(_store);
        _client = new GeoClient(_store, Registry);
    }

    public async Task DisposeAsync()
    {
        using var bound = new CancellationTokenSource(CleanupBound);
        try
        {
            if (_store is not null) await LeftBehindCheck.AssertAsync(_store, _workers.Keys.ToList(), bound.Token);
        }
        finally
        {
            while (_clients.TryDequeue(out var client)) await client.DisposeAsync();
            if (_harnessStore is not null) await _harnessStore.DropAsync(bound.Token);
            while (_undeployed.TryDequeue(out var undeployed)) await undeployed.DropAsync(bound.Token);
        }
    }

    /// <summary>Another client of the test's store, with connections of its own; disposed by the suite.</summary>
    /// <param name="clock">Pins the store's clock; null for the store's own.</param>
    protected IGeoStore OpenStore(TimeProvider? clock = null)
    {
        var client = (_harnessStore ?? throw new InvalidOperationException("The store is created before the test runs.")).Open(clock);
        _clients.Enqueue(client);
        return client;
    }

    private readonly ConcurrentQueue<IHarnessStore> _undeployed = new();

    /// <summary>
    /// Another store of the test's, that nothing has deployed yet (<see cref="IStoreHarness.CreateUndeployedAsync"/>),
    /// for tests of deploying and checking a schema; the suite drops it after the test (its clients are
    /// opened through <see cref="Track"/>). The suite's after-test checks look at the test's own store only.
    /// </summary>
    protected async Task<IHarnessStore> CreateUndeployedStoreAsync()
    {
        var store = await _harness.CreateUndeployedAsync(CancellationToken.None);
        _undeployed.Enqueue(store);
        return store;
    }

    /// <summary>Has the suite dispose <paramref name="client"/> after the test, before the stores are dropped.</summary>
    protected IGeoStore Track(IGeoStore client)
    {
        _clients.Enqueue(client);
        return client;
    }

    /// <summary>Counts the wake-ups clients of the test's store ask for from now on (see <see cref="IHarnessStore.CountWakeUpsAsync"/>); the caller disposes it.</summary>
    protected Task<IWakeUpCounter> CountWakeUpsAsync() =>
        (_harnessStore ?? throw new InvalidOperationException("The store is created before the test runs.")).CountWakeUpsAsync(CancellationToken.None);

    /// <summary>Worker options for tests: quick retries, short leases, a janitor turn every 200 ms.</summary>
    protected static WorkerOptions TestOptions(int concurrency = 4) => TestWorkers.Options(concurrency);

    /// <summary>
    /// A real engine worker on the test's store (or on <paramref name="store"/>, another client of
    /// it). The suite remembers it: once the test is over it must hold no lease.
    /// </summary>
    protected Worker CreateWorker(WorkerOptions? options = null, TimeProvider? time = null, Random? random = null, IGeoStore? store = null)
    {
        var worker = new Worker(Registry, store ?? Store, options ?? TestOptions(), time, random: random);
        _workers.TryAdd(worker.WorkerId, 0);
        return worker;
    }

    /// <summary>Starts a worker in the background; disposing the result stops it.</summary>
    protected RunningWorker StartWorker(WorkerOptions? options = null, TimeProvider? time = null, Random? random = null, IGeoStore? store = null) =>
        new(CreateWorker(options, time, random, store));

    /// <summary>Runs workers until the job is terminal (60 s at most), then stops them.</summary>
    protected Task<JobRecord> RunUntilTerminalAsync(string jobId, int workers = 1, int concurrency = 4) =>
        TestWorkers.RunUntilTerminalAsync(Client, jobId, Enumerable.Range(0, workers).Select(_ => CreateWorker(TestOptions(concurrency))).ToList());
}
