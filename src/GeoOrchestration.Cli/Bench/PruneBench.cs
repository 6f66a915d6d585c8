using System.Diagnostics;
using GeoOrchestration.Engine;
using GeoOrchestration.Model;
using GeoOrchestration.Store;

namespace GeoOrchestration.Cli.Bench;

/// <summary>The figures of <c>geoorch bench prune</c>.</summary>
internal sealed record PruneBenchResult(
    double SeedTasksPerSecond, IReadOnlyList<double> DrainWithoutPrune, double DrainWithPrune, double DrainWithPruneSeconds, PruneReport Prune);

/// <summary>
/// <c>geoorch bench prune</c>: on a store of its own (<see cref="IBenchStore"/>), seeds old ended tasks by running
/// real noop jobs to completion with the bench's in-process workers, then, interleaved in one run, drains a fresh
/// noop stage without pruning, with the prune pass the janitor runs (<see cref="EngineSteps.PruneAsync"/>, default
/// batches and pauses) removing the seeded jobs at the same time, and without again. The workers' own retention
/// loop is kept idle (every status kept forever) so that only the measured pass prunes.
/// </summary>
internal static class PruneBench
{
    /// <param name="settle">
    /// A pause after seeding. A pass measures each batch's age from that batch's own now, so its cutoff moves on
    /// as it runs: the drains after the pause ended more than <paramref name="settle"/> after the seeded jobs, so a
    /// pass shorter than that removes only those.
    /// </param>
    public static async Task<PruneBenchResult> RunAsync(IBenchStore bench, BenchSettings settings, int seedTasks, int seedJobs, int batchRows,
        TimeSpan settle, TextWriter log, CancellationToken cancellationToken)
    {
        var store = bench.Store;
        await using var runner = await BenchRunner.StartAsync(bench, settings, log, null, cancellationToken);
        await store.RetentionSetAsync(new RetentionSetParams(RetentionRules.Statuses.Select(s => new RetentionChange(s, null)).ToList()), cancellationToken);

        var seeding = Stopwatch.StartNew();
        for (var i = 0; i < seedJobs; i++)
        {
            var seeded = await runner.RunOnceAsync($"prune-seed-{Guid.NewGuid():N}", seedTasks / seedJobs, 0, cancellationToken);
            log.WriteLine($"bench: seeded job {i + 1}/{seedJobs}: {seedTasks / seedJobs} tasks run to completion at {seeded.TasksPerSecond:0} tasks/s");
        }
        var seedRate = seedTasks / seeding.Elapsed.TotalSeconds;
        var seedEnded = DateTimeOffset.UtcNow;
        await Task.Delay(settle, cancellationToken);

        var without = new List<double> { (await runner.RunOnceAsync($"prune-without-{Guid.NewGuid():N}", settings.Tasks, 0, cancellationToken)).TasksPerSecond ?? double.NaN };
        log.WriteLine($"bench: drain without pruning: {without[0]:0} tasks/s");

        // Only the seeded jobs: those that ended before the seeding did (the drained stages ended after). It waits
        // for the workers' own retention loop, whose pass (no rules: the policy keeps all forever) still finishes a
        // removal begun, rather than stopping for it as a janitor's pass would.
        var rule = new PruneRule(JobStatus.Completed, DateTimeOffset.UtcNow - seedEnded);
        var prune = new EngineSteps(store).PruneAsync(new PruneRequest { Rules = [rule], BatchRows = batchRows, WaitForLock = true }, cancellationToken);
        var with = await runner.RunOnceAsync($"prune-with-{Guid.NewGuid():N}", settings.Tasks, 0, cancellationToken);
        var pass = await prune;
        log.WriteLine($"bench: drain while pruning: {with.TasksPerSecond:0} tasks/s over {with.Seconds:0.0} s; " +
                      $"prune {pass.Tasks} tasks of {pass.Jobs} jobs in {pass.Elapsed.TotalSeconds:0.0} s, longest batch {pass.LongestBatch.TotalMilliseconds:0} ms");

        without.Add((await runner.RunOnceAsync($"prune-without-{Guid.NewGuid():N}", settings.Tasks, 0, cancellationToken)).TasksPerSecond ?? double.NaN);
        log.WriteLine($"bench: drain without pruning again: {without[1]:0} tasks/s");
        return new PruneBenchResult(seedRate, without, with.TasksPerSecond ?? double.NaN, with.Seconds, pass);
    }
}
