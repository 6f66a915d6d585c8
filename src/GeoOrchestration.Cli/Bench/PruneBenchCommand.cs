using System.CommandLine;
using System.Text.Json.Nodes;
using GeoOrchestration.Cli.Commands;
using GeoOrchestration.Cli.Output;
using GeoOrchestration.Engine;

namespace GeoOrchestration.Cli.Bench;

/// <summary>
/// <c>geoorch bench prune</c>: drain throughput with and without the janitor's pruning of a million old tasks,
/// interleaved in one run, and how long the prune took and its longest transaction (<see cref="PruneBench"/>).
/// </summary>
public static class PruneBenchCommand
{
    public static Command Create(GlobalOptions options)
    {
        var seedTasks = new Option<int>("--seed-tasks") { Description = "Old ended tasks to seed and prune.", DefaultValueFactory = _ => 1_000_000 }.AsWholeNumber();
        var seedJobs = new Option<int>("--seed-jobs") { Description = "Jobs the seeded tasks are spread over.", DefaultValueFactory = _ => 10 }.AsWholeNumber();
        var drainTasks = new Option<int>("--drain-tasks") { Description = "Tasks of each fresh noop stage drained.", DefaultValueFactory = _ => 100_000 }.AsWholeNumber();
        var concurrency = new Option<int>("--concurrency") { Description = "Concurrency of the in-process worker.", DefaultValueFactory = _ => 16 }.AsWholeNumber();
        var settle = new Option<int>("--settle") { Description = "Seconds to wait after seeding (longer than the prune pass, so that it removes only the seeded jobs).", DefaultValueFactory = _ => 30 }.AsWholeNumber();
        var batchRows = new Option<int>("--batch-rows") { Description = "Rows per prune batch.", DefaultValueFactory = _ => PruneRequest.DefaultBatchRows }.AsWholeNumber();
        var command = new Command("prune",
            "Seed old ended tasks (real noop jobs run to completion), then drain a fresh stage without pruning, while the janitor's prune pass " +
            "removes the seeded jobs, and without again, on a store of its own (removed afterwards).")
            { seedTasks, seedJobs, drainTasks, concurrency, batchRows, settle };
        command.SetAction((parse, ct) => CliSession.RunAsync(parse, options, async (session, _) =>
        {
            var settings = new BenchSettings
            {
                Scenario = "drain", Tasks = parse.GetValue(drainTasks), Workers = 1, Concurrency = parse.GetValue(concurrency),
                Processes = false, Runs = 1, Stages = 1, WorkerRetentionLoop = false,
            };
            if (settings.Tasks < 1 || parse.GetValue(seedTasks) < 1 || parse.GetValue(seedJobs) < 1 || parse.GetValue(batchRows) < 1 || settings.Concurrency < 1)
                throw new Errors.GeoValidationException("bench", "minimum", "--seed-tasks, --seed-jobs, --drain-tasks, --concurrency and --batch-rows must be 1 or more.");
            var bench = BenchStores.Create(session.Connection!, settings);
            var r = await PruneBench.RunAsync(bench, settings, parse.GetValue(seedTasks), parse.GetValue(seedJobs), parse.GetValue(batchRows),
                TimeSpan.FromSeconds(Math.Max(0, parse.GetValue(settle))), session.Error, ct);
            if (session.Json)
                JsonOutput.Write(session.Out, new JsonObject
                {
                    ["seedTasksPerSecond"] = Math.Round(r.SeedTasksPerSecond),
                    ["drainWithoutPrune"] = new JsonArray(r.DrainWithoutPrune.Select(d => (JsonNode?)Math.Round(d)).ToArray()),
                    ["drainWithPrune"] = Math.Round(r.DrainWithPrune),
                    ["drainWithPruneSeconds"] = Math.Round(r.DrainWithPruneSeconds, 1),
                    ["prunedJobs"] = r.Prune.Jobs, ["prunedTasks"] = r.Prune.Tasks, ["pruneBatches"] = r.Prune.Batches,
                    ["pruneSeconds"] = Math.Round(r.Prune.Elapsed.TotalSeconds, 1),
                    ["pruneSecondsInBatches"] = Math.Round(r.Prune.InBatches.TotalSeconds, 1),
                    ["longestBatchMs"] = Math.Round(r.Prune.LongestBatch.TotalMilliseconds, 1),
                });
            else
                session.Out.WriteLine(
                    $"prune ({r.Prune.Tasks} old tasks of {r.Prune.Jobs} jobs, batches of {parse.GetValue(batchRows)} rows; drain {settings.Tasks} tasks, concurrency {settings.Concurrency}): " +
                    $"drain {r.DrainWithoutPrune[0]:0} / {r.DrainWithoutPrune[1]:0} tasks/s without pruning, {r.DrainWithPrune:0} tasks/s while pruning " +
                    $"({r.DrainWithPruneSeconds:0.0} s); prune {r.Prune.Elapsed.TotalSeconds:0.0} s ({r.Prune.InBatches.TotalSeconds:0.0} s in {r.Prune.Batches} batches, " +
                    $"{r.Prune.Tasks / Math.Max(r.Prune.Elapsed.TotalSeconds, 0.001):0} tasks/s), longest batch {r.Prune.LongestBatch.TotalMilliseconds:0} ms; seeded at {r.SeedTasksPerSecond:0} tasks/s");
            return ExitCodes.Success;
        }));
        return command;
    }
}
