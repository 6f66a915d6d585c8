using System.CommandLine;
using System.Text.Json.Nodes;
using GeoOrchestration.Cli.Output;
using GeoOrchestration.Model;
using GeoOrchestration.Store;

namespace GeoOrchestration.Cli.Commands;

/// <summary>
/// <c>geoorch prune [--older-than AGE] [--status S ...] [--dry-run]</c>: removes ended jobs with their
/// stages, tasks, events and work items now, in the janitor's small batches. With no filter it applies
/// the store's retention policy; with a filter, the jobs of those statuses (every ended one when none)
/// that ended longer ago than the age (0 when none). <c>--dry-run</c> counts what would go. A live job
/// is never removed; a live status is refused (exit 2). Asks nothing, like every geoorch command.
/// </summary>
internal static class PruneCommand
{
    public static Command Create(GlobalOptions options)
    {
        var olderThan = new Option<string?>("--older-than") { Description = "Remove jobs that ended longer ago than this: 30d, 12h, 1d 12h, 90min, seconds, or 7.00:00:00." };
        var status = new Option<string[]>("--status") { Description = "Only jobs of these ended statuses: completed, completed_with_errors, failed, cancelled (repeat or list).", AllowMultipleArgumentsPerToken = true };
        var dryRun = new Option<bool>("--dry-run") { Description = "Count the jobs and tasks that would be removed; remove nothing." };
        var command = new Command("prune",
            "Remove ended jobs with their stages, tasks and events now, in small batches that never stall workers. " +
            "With no filter, apply the store's retention policy (see 'geoorch retention get').") { olderThan, status, dryRun };
        command.SetAction((parse, ct) => CliSession.RunAsync(parse, options, async (session, client) =>
        {
            var rules = RulesOf(parse.GetValue(olderThan), parse.GetValue(status));
            if (parse.GetValue(dryRun))
            {
                var count = await client.CountPruneAsync(rules, ct);
                if (session.Json) JsonOutput.Write(session.Out, new JsonObject { ["dryRun"] = true, ["jobs"] = count.Jobs, ["tasks"] = count.Tasks });
                else session.Out.WriteLine($"Would remove {count.Jobs} job(s) with {count.Tasks} task(s) ({Filter(rules)}); nothing removed (dry run).");
                return ExitCodes.Success;
            }
            var pass = await client.PruneAsync(rules, ct);
            if (session.Json)
                JsonOutput.Write(session.Out, new JsonObject
                {
                    ["dryRun"] = false, ["jobs"] = pass.Jobs, ["tasks"] = pass.Tasks, ["events"] = pass.Events, ["batches"] = pass.Batches,
                    ["seconds"] = Math.Round(pass.Elapsed.TotalSeconds, 3), ["longestBatchMs"] = Math.Round(pass.LongestBatch.TotalMilliseconds, 1),
                    ["skippedStillRunning"] = pass.JobsSkipped,
                });
            else
            {
                session.Out.WriteLine($"Removed {pass.Jobs} job(s) with {pass.Tasks} task(s) ({Filter(rules)}) in {pass.Batches} batch(es), " +
                                      $"{DurationText.Format(pass.Elapsed)} (longest batch {DurationText.Format(pass.LongestBatch)}).");
                if (pass.JobsSkipped > 0)
                    session.Out.WriteLine($"Passed over {pass.JobsSkipped} job(s) whose handlers still run; a later prune removes them.");
            }
            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>The rules of the filter given; null (the stored policy) when none is.</summary>
    private static IReadOnlyList<PruneRule>? RulesOf(string? olderThan, string[]? statuses)
    {
        if (olderThan is null && statuses is not { Length: > 0 }) return null;
        var age = olderThan is null ? (TimeSpan?)null : RetentionDuration.Parse(olderThan, "--older-than");
        var parsed = new List<JobStatus>();
        foreach (var name in (statuses ?? []).SelectMany(s => s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            if (!StatusNames.TryParseJob(name, out var s) || !s.IsTerminal())
                throw new Errors.GeoValidationException("--status", "terminal",
                    $"--status: '{name}' is not an ended status; use completed, completed_with_errors, failed or cancelled (a live job is never removed).");
            parsed.Add(s);
        }
        return GeoClient.PruneRulesFor(age, parsed);
    }

    private static string Filter(IReadOnlyList<PruneRule>? rules) => rules is null
        ? "the store's retention policy"
        : string.Join(", ", rules.Select(r => $"{StatusNames.ToName(r.Status)} older than {DurationText.Format(r.OlderThan)}"));
}
