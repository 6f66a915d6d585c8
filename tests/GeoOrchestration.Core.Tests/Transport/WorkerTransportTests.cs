using GeoOrchestration.Engine;
using GeoOrchestration.Jobs;
using GeoOrchestration.Model;
using GeoOrchestration.Registry;
using GeoOrchestration.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace GeoOrchestration.Core.Tests.Transport;

/// <summary>
/// The worker's transport seam: a worker claims, listens and sweeps through the transport it is
/// given (the database transport when none is), and a client hands its transport to its workers and
/// disposes it. Over a real embedded store, with a transport that counts what it is asked.
/// </summary>
public sealed class WorkerTransportTests : IAsyncLifetime
{
    private static readonly JobRegistry Registry = JobRegistry.FromAssemblies(BuiltInJobs.Assembly);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"geo-transport-{Guid.NewGuid():N}");
    private SqliteStore _store = null!;

    public async Task InitializeAsync()
    {
        _store = new SqliteStore(new SqliteStoreOptions { Path = Path.Combine(_folder, "geo.db") });
        await _store.SchemaDeployAsync(new GeoOrchestration.Store.SchemaDeployParams(DryRun: false), default);
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private static WorkerOptions Options(TimeSpan? poll = null, TimeSpan? janitor = null) => new()
    {
        Concurrency = 2,
        PollInterval = poll ?? TimeSpan.FromSeconds(1),
        JanitorInterval = janitor ?? TimeSpan.FromMilliseconds(100),
        RetryBaseDelay = TimeSpan.FromMilliseconds(10),
        RetryMaxDelay = TimeSpan.FromMilliseconds(100),
    };

    /// <summary>Waits (on the real clock, at most <see cref="Patience"/>) until <paramref name="done"/> holds.</summary>
    private static async Task UntilAsync(Func<bool> done, string what)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (!done())
        {
            if (TimeProvider.System.GetElapsedTime(started) > Patience) throw new TimeoutException($"Still waiting for {what}.");
            await Task.Delay(10);
        }
    }

    [Fact]
    public async Task Worker_GivenATransport_ClaimsListensAndSweepsThroughIt()
    {
        var transport = CountingTransport.Over(_store);
        var client = new GeoClient(_store, Registry, transport: transport);
        var jobId = (await client.SubmitAsync("hello_world", null)).Job.JobId;
        var worker = client.CreateWorker(Options());
        using var stop = new CancellationTokenSource();

        var run = worker.RunAsync(stop.Token);
        var job = await client.WaitForJobAsync(jobId, Patience);
        await UntilAsync(() => transport.Sweeps > 0, "a janitor round's sweep");
        await stop.CancelAsync();
        await run;

        Assert.Equal(JobStatus.Completed, job.Status);
        Assert.Equal(1, transport.Listens);
        // Three stages, each claimed through the transport: plan items and tasks.
        Assert.True(transport.Claims >= 3, $"{transport.Claims} claims went through the transport.");
        Assert.Equal("counting test transport, fallback poll every 1 s", worker.Transport);
    }

    [Fact]
    public async Task Worker_WithoutJanitorDuty_NeverSweeps()
    {
        var transport = CountingTransport.Over(_store);
        var client = new GeoClient(_store, Registry, transport: transport);
        var jobId = (await client.SubmitAsync("hello_world", null)).Job.JobId;
        using var stop = new CancellationTokenSource();

        var run = client.CreateWorker(Options() with { RunJanitor = false }).RunAsync(stop.Token);
        await client.WaitForJobAsync(jobId, Patience);
        await stop.CancelAsync();
        await run;

        Assert.Equal(0, transport.Sweeps);
    }

    [Fact]
    public async Task Worker_WokenByItsTransport_ClaimsAgainBeforeItsPoll()
    {
        var transport = CountingTransport.Over(_store);
        var client = new GeoClient(_store, Registry, transport: transport);
        using var stop = new CancellationTokenSource();
        // An hour's poll: only a wake-up from the transport makes it claim again within the test.
        var run = client.CreateWorker(Options(poll: TimeSpan.FromHours(1), janitor: TimeSpan.FromHours(1))).RunAsync(stop.Token);
        await UntilAsync(() => transport.Claims == 1 && transport.Listens == 1, "the first claim");

        transport.Wake();

        await UntilAsync(() => transport.Claims == 2, "a claim after the wake-up");
        await stop.CancelAsync();
        await run;
    }

    [Fact]
    public async Task Worker_TransportThatCannotTellWhenWorkFallsDue_WaitsForItsPollWithoutSpinning()
    {
        // A message transport claims only what messages name, and has no due time to give (NextDue null):
        // the worker then waits for a wake-up or its poll, and claims once per poll.
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var transport = CountingTransport.Empty();
        var client = new GeoClient(_store, Registry, time, transport: transport);
        var poll = TimeSpan.FromSeconds(5);
        using var stop = new CancellationTokenSource();
        // On the thread pool: a worker that spins on claims that complete at once would never give this thread back.
        var worker = client.CreateWorker(Options(poll: poll, janitor: TimeSpan.FromHours(1)));
        var run = Task.Run(() => worker.RunAsync(stop.Token));
        await UntilAsync(() => transport.Claims >= 1, "the first claim");

        // Each poll interval that passes lets one wait end, so one claim; a spinning worker claims without waiting.
        var polls = 0;
        while (transport.Claims < 3)
        {
            time.Advance(poll);
            polls++;
            await Task.Delay(20);
            Assert.True(polls < 3000, "The worker stopped claiming.");
        }

        Assert.InRange(transport.Claims, 3, polls + 1);
        await stop.CancelAsync();
        await run;
    }

    [Fact]
    public void Worker_WithoutATransport_TakesTheDatabaseTransport()
    {
        var client = new GeoClient(_store, Registry);

        var worker = client.CreateWorker(Options());

        Assert.Equal($"{_store.WakeUpTransport}, fallback poll every 1 s", worker.Transport);
    }

    [Fact]
    public async Task Client_Disposed_DisposesItsTransport_AClientSharingItDoesNot()
    {
        var transport = CountingTransport.Empty();
        var store = new SqliteStore(new SqliteStoreOptions { Path = Path.Combine(_folder, "geo.db") });
        var client = new GeoClient(store, Registry, transport: transport);

        await client.WithRegistry(Registry).DisposeAsync();
        Assert.Equal(0, transport.Disposals);
        await client.DisposeAsync();

        Assert.Equal(1, transport.Disposals);
    }
}
