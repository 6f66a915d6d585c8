using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Text.Json.Nodes;
using GeoOrchestration.Engine;
using GeoOrchestration.Model;
using GeoOrchestration.Transport;

namespace GeoOrchestration.Cli.Bench;

/// <summary>
/// Runs a benchmark scenario against a store of its own (<see cref="IBenchStore"/>: a PostgreSQL
/// schema or a SQLite file, removed afterwards) and reads the figures back from the store's own
/// times, so in-process and separate-process runs compare. One store and one set of workers serve
/// every run of an invocation: the warm-up runs warm the very workers (in this process or separate
/// processes) that the measured runs then use, as a long-running worker would be. Work reaches the
/// workers through the database (the default) or through Service Bus (<see cref="BenchServiceBus"/>):
/// the benchmark's client then sends what its submissions make ready, and the workers receive it.
/// </summary>
internal sealed class BenchRunner : IAsyncDisposable
{
    private readonly BenchSettings _settings;
    private readonly TextWriter _log;
    private readonly IBenchStore _bench;
    private readonly GeoClient _client;
    private readonly IWorkTransport? _transport;
    private readonly BenchServiceBus? _serviceBus;
    private BenchWorkers? _workers;

    private BenchRunner(IBenchStore bench, BenchSettings settings, TextWriter log, BenchServiceBus? serviceBus, IWorkTransport? transport)
    {
        (_bench, _settings, _log, _serviceBus, _transport) = (bench, settings, log, serviceBus, transport);
        _client = new GeoClient(bench.Store, CliSession.Registry, transport: transport);
    }

    /// <summary>The transport measured: <c>database</c> or <c>servicebus</c>.</summary>
    public string Transport => _serviceBus is null ? "database" : "servicebus";

    /// <summary>
    /// Deploys the schema into <paramref name="bench"/> and starts the workers; the runner owns <paramref name="bench"/> from here on.
    /// With <paramref name="serviceBus"/> (not owned), work reaches the workers through it; else through the database.
    /// </summary>
    public static async Task<BenchRunner> StartAsync(IBenchStore bench, BenchSettings settings, TextWriter log, BenchServiceBus? serviceBus,
        CancellationToken cancellationToken)
    {
        IWorkTransport? transport;
        try
        {
            transport = serviceBus?.CreateTransport(bench.Store);
        }
        catch
        {
            await bench.DisposeAsync();
            throw;
        }
        var runner = new BenchRunner(bench, settings, log, serviceBus, transport);
        try
        {
            log.WriteLine($"bench: on {bench.Description} (removed afterwards)");
            log.WriteLine($"bench: transport {(serviceBus is null ? "database (workers claim from the store, woken by its notifications)" : serviceBus.Description)}");
            log.WriteLine($"bench: {GcSettings()}");
            await runner._client.DeploySchemaAsync(false, cancellationToken);
            // Planning is measured with one worker slot; chains and drains with the settings' workers.
            runner._workers = await runner.StartWorkersAsync(settings.Scenario == "plan" ? 1 : settings.Concurrency,
                processes: UsesProcesses(settings), cancellationToken);
            return runner;
        }
        catch
        {
            await runner.DisposeAsync();
            throw;
        }
    }

    /// <summary>Whether the workers run as separate processes: only for the scenarios that measure throughput.</summary>
    public static bool UsesProcesses(BenchSettings settings) => settings.Processes && settings.Scenario is "drain" or "ceiling" or "retry";

    /// <summary>One run of the scenario over <paramref name="tasks"/> tasks (or <paramref name="handoffs"/> hand-offs for chain).</summary>
    public Task<BenchResult> RunOnceAsync(string label, int tasks, int handoffs, CancellationToken cancellationToken) =>
        _settings.Scenario switch
        {
            "drain" or "ceiling" => DrainAsync(label, tasks, cancellationToken),
            "plan" => PlanAsync(label, tasks, cancellationToken),
            "chain" => ChainAsync(label, handoffs, cancellationToken),
            "retry" => RetryAsync(label, tasks, cancellationToken),
            _ => throw new Errors.GeoValidationException("scenario", "allowed", $"Unknown scenario '{_settings.Scenario}'."),
        };

    public async ValueTask DisposeAsync()
    {
        try
        {
            try
            {
                if (_workers is not null) await _workers.DisposeAsync();
            }
            finally
            {
                // The workers have stopped: what the relay still holds is sent before the store goes.
                if (_transport is not null) await _transport.DisposeAsync();
            }
        }
        finally
        {
            await _bench.DisposeAsync();
        }
    }

    private async Task<BenchResult> DrainAsync(string label, int tasks, CancellationToken cancellationToken)
    {
        // The count may wait for the store to publish it (PostgreSQL): the rate is timed apart, from
        // the store's own event times.
        var commitsBefore = await _bench.CommitsAsync(cancellationToken);
        var started = Stopwatch.StartNew();
        var submission = await _client.SubmitAsync("noop", new JsonObject { ["tasks"] = tasks, ["label"] = label }, cancellationToken);
        var job = await WaitAsync(submission.Job.JobId, cancellationToken);
        var seconds = await _bench.StageSecondsAsync(job.JobId, 1, cancellationToken) ?? double.NaN;
        var commits = await _bench.CommitsAsync(cancellationToken) - commitsBefore;
        return new BenchResult
        {
            TasksPerSecond = tasks / seconds,
            PeakRssMb = _workers!.PeakRssMb(),
            Seconds = started.Elapsed.TotalSeconds,
            Commits = commits,
            Tasks = tasks,
        };
    }

    private async Task<BenchResult> PlanAsync(string label, int tasks, CancellationToken cancellationToken)
    {
        var started = Stopwatch.StartNew();
        var submission = await _client.SubmitAsync("noop", new JsonObject { ["tasks"] = tasks, ["label"] = label }, cancellationToken);
        double? seconds;
        while ((seconds = await _bench.PlanSecondsAsync(submission.Job.JobId, cancellationToken)) is null)
            await Task.Delay(20, cancellationToken);
        await _client.CancelJobAsync(submission.Job.JobId, "benchmark measured planning only", cancellationToken);
        return new BenchResult { PlanTasksPerSecond = tasks / seconds.Value, Seconds = started.Elapsed.TotalSeconds, PeakRssMb = _workers!.PeakRssMb() };
    }

    private async Task<BenchResult> ChainAsync(string label, int count, CancellationToken cancellationToken)
    {
        var started = Stopwatch.StartNew();
        var handoffs = new List<double>();
        // noop runs at most 10 stages, so the chain is made of jobs of 10 one-task stages, one after another.
        for (var chain = 0; handoffs.Count < count; chain++)
        {
            var submission = await _client.SubmitAsync("noop", new JsonObject { ["tasks"] = 1, ["stages"] = 10, ["label"] = $"{label}-{chain}" },
                cancellationToken);
            var job = await WaitAsync(submission.Job.JobId, cancellationToken);
            handoffs.AddRange(await _bench.HandoffMillisecondsAsync(job.JobId, cancellationToken));
        }
        handoffs.Sort();
        return new BenchResult
        {
            HandoffP50Ms = Percentile(handoffs, 0.50),
            HandoffP99Ms = Percentile(handoffs, 0.99),
            Seconds = started.Elapsed.TotalSeconds,
            PeakRssMb = _workers!.PeakRssMb(),
        };
    }

    /// <summary>
    /// Every task fails its first attempt transiently, so each is retried after the workers' default
    /// backoff (full jitter over one second): the figure is how long a retry waits once due.
    /// </summary>
    private async Task<BenchResult> RetryAsync(string label, int tasks, CancellationToken cancellationToken)
    {
        var started = Stopwatch.StartNew();
        var submission = await _client.SubmitAsync("noop", new JsonObject { ["tasks"] = tasks, ["transient_failure_rate"] = 1, ["label"] = label },
            cancellationToken);
        var job = await WaitAsync(submission.Job.JobId, cancellationToken);
        var delays = (await _bench.RetryDelayMillisecondsAsync(job.JobId, cancellationToken)).Order().ToList();
        return new BenchResult
        {
            RetryDueP50Ms = Percentile(delays, 0.50),
            RetryDueP99Ms = Percentile(delays, 0.99),
            Seconds = started.Elapsed.TotalSeconds,
            PeakRssMb = _workers!.PeakRssMb(),
        };
    }

    private async Task<JobRecord> WaitAsync(string jobId, CancellationToken cancellationToken)
    {
        for (var poll = 0; ; poll++)
        {
            if (poll % 10 == 0) _workers!.PeakRssMb();
            var job = await _client.GetJobAsync(jobId, cancellationToken);
            if (job.Status.IsTerminal())
            {
                if (job.Status != JobStatus.Completed) throw new InvalidOperationException($"Benchmark job ended {job.Status}: {job.Error}");
                return job;
            }
            await Task.Delay(25, cancellationToken);
        }
    }

    private async Task<BenchWorkers> StartWorkersAsync(int concurrency, bool processes, CancellationToken cancellationToken)
    {
        var workerCount = _settings.Scenario == "plan" ? 1 : _settings.Workers;
        if (processes)
        {
            _log.WriteLine($"bench: starting {workerCount} worker process(es) at concurrency {concurrency}");
            var environment = _bench.WorkerEnvironment.Concat(_serviceBus?.WorkerEnvironment ?? new Dictionary<string, string>())
                .ToDictionary(e => e.Key, e => e.Value);
            var started = new BenchWorkers(WorkerProcesses.Start(workerCount, concurrency, environment));
            await Task.Delay(1000, cancellationToken); // let the processes start and listen before the first job arrives
            return started;
        }
        var stop = new CancellationTokenSource();
        var runs = Enumerable.Range(0, workerCount)
            .Select(_ => _client.CreateWorker(WorkerOptionsFor(concurrency)).RunAsync(stop.Token)).ToList();
        await Task.Delay(_transport is null ? 100 : 1000, cancellationToken); // let the workers LISTEN (or attach their receivers) before the job arrives
        return new BenchWorkers(stop, runs);
    }

    /// <summary>A bench worker's options; without its own retention loop, its prune pass never comes round (a year).</summary>
    private WorkerOptions WorkerOptionsFor(int concurrency) => _settings.WorkerRetentionLoop
        ? new WorkerOptions { Concurrency = concurrency }
        : new WorkerOptions { Concurrency = concurrency, PruneInterval = TimeSpan.FromDays(365) };

    /// <summary>
    /// The GC settings that peak RSS depends on most: the gen0 budget is how much garbage piles up
    /// between collections, and the GC derives it from the CPU's cache size unless capped (see
    /// geoorch.runtimeconfig.json). Worker processes run the same executable with this environment.
    /// </summary>
    private static string GcSettings()
    {
        var budget = GC.GetConfigurationVariables().TryGetValue("GCGen0MaxBudget", out var bytes)
            ? $"{Convert.ToDouble(bytes, CultureInfo.InvariantCulture) / 1048576:0} MB"
            : "unknown";
        return $"{(GCSettings.IsServerGC ? "server" : "workstation")} GC, gen0 budget at most {budget}";
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}

/// <summary>The workers of a benchmark: in this process, or separate processes.</summary>
internal sealed class BenchWorkers : IAsyncDisposable
{
    private readonly CancellationTokenSource? _stop;
    private readonly List<Task>? _runs;
    private readonly WorkerProcesses? _processes;

    public BenchWorkers(CancellationTokenSource stop, List<Task> runs) => (_stop, _runs) = (stop, runs);
    public BenchWorkers(WorkerProcesses processes) => _processes = processes;

    public double PeakRssMb() => _processes?.PeakRssMb() ?? Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0;

    public async ValueTask DisposeAsync()
    {
        if (_processes is not null) await _processes.DisposeAsync();
        if (_stop is not null)
        {
            await _stop.CancelAsync();
            await Task.WhenAll(_runs!);
            _stop.Dispose();
        }
    }
}
