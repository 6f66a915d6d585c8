using System.Diagnostics;
using System.Text.Json.Nodes;
using GeoOrchestration.Engine;
using GeoOrchestration.Model;
using GeoOrchestration.Postgres;

namespace GeoOrchestration.Cli.Bench;

/// <summary>
/// Runs one benchmark scenario against a fresh schema of its own (dropped afterwards) and reads
/// the figures back from database clocks, so in-process and separate-process runs compare.
/// </summary>
internal sealed class BenchRunner(string connection, BenchSettings settings, TextWriter log)
{
    public async Task<BenchResult> RunOnceAsync(int run, CancellationToken cancellationToken)
    {
        var schema = run < 0 ? $"bench_{Environment.ProcessId}_warmup{-run}" : $"bench_{Environment.ProcessId}_{run}";
        await using var store = new PostgresStore(new PostgresStoreOptions { ConnectionString = connection, Schema = schema });
        var client = new GeoClient(store, CliSession.Registry);
        var metrics = new PostgresMetrics(store);
        await client.DeploySchemaAsync(false, cancellationToken);
        try
        {
            return settings.Scenario switch
            {
                "drain" or "ceiling" => await DrainAsync(client, metrics, schema, cancellationToken),
                "plan" => await PlanAsync(client, metrics, cancellationToken),
                "chain" => await ChainAsync(client, metrics, cancellationToken),
                _ => throw new Errors.GeoValidationException("scenario", "allowed", $"Unknown scenario '{settings.Scenario}'."),
            };
        }
        finally
        {
            await metrics.DropSchemaAsync(CancellationToken.None);
        }
    }

    private async Task<BenchResult> DrainAsync(GeoClient client, PostgresMetrics metrics, string schema, CancellationToken cancellationToken)
    {
        var commitsBefore = await metrics.CommitsAsync(cancellationToken);
        var started = Stopwatch.StartNew();
        await using var workers = await StartWorkersAsync(client, schema, cancellationToken);
        var submission = await client.SubmitAsync("noop", new JsonObject { ["tasks"] = settings.Tasks }, cancellationToken);
        var job = await WaitAsync(client, submission.Job.JobId, workers, cancellationToken);
        var seconds = await metrics.StageSecondsAsync(job.JobId, 1, cancellationToken) ?? double.NaN;
        var commits = await metrics.CommitsAsync(cancellationToken) - commitsBefore;
        return new BenchResult
        {
            TasksPerSecond = settings.Tasks / seconds,
            PeakRssMb = workers.PeakRssMb(),
            Seconds = started.Elapsed.TotalSeconds,
            Commits = commits,
            Tasks = settings.Tasks,
        };
    }

    private async Task<BenchResult> PlanAsync(GeoClient client, PostgresMetrics metrics, CancellationToken cancellationToken)
    {
        var started = Stopwatch.StartNew();
        await using var workers = await StartWorkersAsync(client, "", cancellationToken, concurrency: 1);
        var submission = await client.SubmitAsync("noop", new JsonObject { ["tasks"] = settings.Tasks }, cancellationToken);
        double? seconds;
        while ((seconds = await metrics.PlanSecondsAsync(submission.Job.JobId, cancellationToken)) is null)
            await Task.Delay(20, cancellationToken);
        await client.CancelJobAsync(submission.Job.JobId, "benchmark measured planning only", cancellationToken);
        return new BenchResult { PlanTasksPerSecond = settings.Tasks / seconds.Value, Seconds = started.Elapsed.TotalSeconds, PeakRssMb = workers.PeakRssMb() };
    }

    private async Task<BenchResult> ChainAsync(GeoClient client, PostgresMetrics metrics, CancellationToken cancellationToken)
    {
        var started = Stopwatch.StartNew();
        await using var workers = await StartWorkersAsync(client, "", cancellationToken);
        var handoffs = new List<double>();
        // noop runs at most 10 stages, so the chain is made of jobs of 10 one-task stages, one after another.
        for (var chain = 0; handoffs.Count < settings.Stages; chain++)
        {
            var submission = await client.SubmitAsync("noop", new JsonObject { ["tasks"] = 1, ["stages"] = 10, ["delay_ms"] = chain }, cancellationToken);
            var job = await WaitAsync(client, submission.Job.JobId, workers, cancellationToken);
            handoffs.AddRange(await metrics.HandoffMillisecondsAsync(job.JobId, cancellationToken));
        }
        handoffs.Sort();
        return new BenchResult
        {
            HandoffP50Ms = Percentile(handoffs, 0.50),
            HandoffP99Ms = Percentile(handoffs, 0.99),
            Seconds = started.Elapsed.TotalSeconds,
            PeakRssMb = workers.PeakRssMb(),
        };
    }

    private async Task<JobRecord> WaitAsync(GeoClient client, string jobId, BenchWorkers workers, CancellationToken cancellationToken)
    {
        for (var poll = 0; ; poll++)
        {
            if (poll % 10 == 0) workers.PeakRssMb();
            var job = await client.GetJobAsync(jobId, cancellationToken);
            if (job.Status.IsTerminal())
            {
                if (job.Status != JobStatus.Completed) throw new InvalidOperationException($"Benchmark job ended {job.Status}: {job.Error}");
                return job;
            }
            await Task.Delay(25, cancellationToken);
        }
    }

    private async Task<BenchWorkers> StartWorkersAsync(GeoClient client, string schema, CancellationToken cancellationToken, int? concurrency = null)
    {
        var c = concurrency ?? settings.Concurrency;
        if (settings.Processes && schema.Length > 0)
        {
            log.WriteLine($"bench: starting {settings.Workers} worker process(es) at concurrency {c}");
            return new BenchWorkers(WorkerProcesses.Start(settings.Workers, c, connection, schema));
        }
        var stop = new CancellationTokenSource();
        var runs = Enumerable.Range(0, settings.Workers)
            .Select(_ => client.CreateWorker(new WorkerOptions { Concurrency = c }).RunAsync(stop.Token)).ToList();
        await Task.Delay(100, cancellationToken); // let the workers LISTEN before the job arrives
        return new BenchWorkers(stop, runs);
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}

/// <summary>The workers of one run: in this process, or separate processes.</summary>
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
