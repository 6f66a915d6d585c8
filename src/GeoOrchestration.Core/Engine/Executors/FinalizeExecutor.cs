using System.Diagnostics;
using System.Text.Json.Nodes;
using GeoOrchestration.Definitions;
using GeoOrchestration.Diagnostics;
using GeoOrchestration.Errors;
using GeoOrchestration.Model;
using GeoOrchestration.Registry;
using GeoOrchestration.Store;
using Microsoft.Extensions.Logging;
using static GeoOrchestration.Engine.JobEndLog;

namespace GeoOrchestration.Engine;

/// <summary>
/// Carries out a finalize item: reads the stages' results (or only their counts), lets the job
/// type summarise them, attaches the tolerated failures, and ends the job with that result.
/// </summary>
internal sealed class FinalizeExecutor(JobRegistry registry, EngineSteps steps, WorkerOptions options, ILogger logger)
{
    // The outcome is recorded even while the worker stops: a summary made must not be lost.
    private static readonly CancellationToken Record = CancellationToken.None;

    /// <summary>Ends the job in its span (<see cref="GeoTracing.FinalizeSpan"/>, a child of the job's trace context), tagged with its outcome.</summary>
    // A failure thrown out of it is not recorded: the finalize item comes back when its lease expires.
    public Task FinalizeAsync(WorkItem item, CancellationToken cancellationToken) =>
        EngineSpans.RunAsync(item, options.WorkerId, (Executor: this, Item: item, Token: cancellationToken),
            static (s, span) => s.Executor.EndJobAsync(s.Item, span, s.Token));

    /// <returns><see cref="TaskOutcomes.Completed"/> (the job ended, or had already), or <see cref="TaskOutcomes.Cancelled"/> (it had ended before).</returns>
    private async Task<string> EndJobAsync(WorkItem item, Activity? span, CancellationToken cancellationToken)
    {
        if (item.JobStatus is { } status && status.IsTerminal())
        {
            await steps.WorkDropAsync(item, cancellationToken);
            return TaskOutcomes.Cancelled;
        }
        var job = registry.GetJob(item.JobType);
        var results = new List<StageResults>(item.TotalStages);
        if (job.SummaryReadsResults)
        {
            for (var stage = 1; stage <= item.TotalStages; stage++)
                results.Add(await steps.StageResultsAsync(item.JobId, stage, cancellationToken));
        }
        else
        {
            var counts = await steps.StageTaskCountsAsync(item.JobId, cancellationToken);
            results.AddRange(counts.Select((count, i) => StageResults.CountOnly(i + 1, count)));
        }
        // Tolerated failures end the job completed_with_errors, listed in its result.
        var failures = await steps.TaskFailuresAsync(item.JobId, cancellationToken);
        JsonNode? summary;
        var final = failures.Count > 0 ? JobStatus.CompletedWithErrors : JobStatus.Completed;
        try
        {
            summary = FailureReport.Attach(job.Summarise(item.JobParameters!, results), failures);
            if (StorableText.Find(summary) is { } unstorable)
                throw new ContractViolationException($"The summary of job {item.JobId} holds {unstorable}, which the store cannot hold.");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A throwing Finalize must not strand the job in processing: end it with a fallback result.
            logger.LogError(e, "Finalize of job {JobId} threw; completing with errors", Short(item.JobId));
            EngineSpans.Error(span, e);
            final = JobStatus.CompletedWithErrors;
            summary = FailureReport.Attach(new JsonObject
            {
                ["finalize_error"] = new JsonObject { ["type"] = StorableText.Escape(e.GetType().FullName), ["message"] = StorableText.Escape(e.Message) },
                ["tasks"] = results.Sum(r => r.Count),
                ["stages"] = results.Count,
            }, failures);
        }
        if (await steps.JobFinalizeAsync(new JobFinalizeParams(item.JobId, final, summary), Record) == JobEndStatus.Ended)
            logger.JobEnded(item.JobId, final, failures.Count > 0 ? $"{failures.Count} task(s) failed within tolerance" : null);
        span?.SetTag(GeoTraceTags.JobStatus, StatusNames.ToName(final));
        return TaskOutcomes.Completed;
    }
}
