using System.Diagnostics;
using System.Runtime.ExceptionServices;
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
/// Carries out a plan item: runs the job type's planner for the stage and streams its tasks into
/// the store, claiming the stage's first tasks for this worker in the same transaction. A planner
/// that breaks its contract fails the job; one that fails otherwise leaves the item to come back.
/// </summary>
internal sealed class PlanExecutor(JobRegistry registry, EngineSteps steps, WorkerOptions options, ILogger logger, WorkerSlots slots)
{
    private readonly StagePlanner _planner = new(registry, steps);

    /// <summary>Plans the stage in its span (<see cref="GeoTracing.PlanSpan"/>, a child of the job's trace context), tagged with its outcome.</summary>
    // A failure thrown out of it is not recorded: the plan item comes back when its lease expires.
    public Task PlanAsync(WorkItem item, CancellationToken cancellationToken) =>
        EngineSpans.RunAsync(item, options.WorkerId, (Executor: this, Item: item, Token: cancellationToken),
            static (s, span) => s.Executor.PlanStageAsync(s.Item, span, s.Token));

    /// <returns>How planning ended: <see cref="TaskOutcomes.Completed"/>, <see cref="TaskOutcomes.Failed"/> (the job failed) or <see cref="TaskOutcomes.Cancelled"/> (the job had ended).</returns>
    private async Task<string> PlanStageAsync(WorkItem item, Activity? span, CancellationToken cancellationToken)
    {
        if (item.JobStatus is { } status && status.IsTerminal())
        {
            await steps.WorkDropAsync(item, cancellationToken);
            return TaskOutcomes.Cancelled;
        }
        var job = registry.GetJob(item.JobType);
        IEnumerable<PlannedTask> tasks;
        try
        {
            tasks = await _planner.PlanAsync(job, item.JobId, item.Stage, item.JobParameters!, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException && ExceptionClassifier.Classify(e) == FailureKind.Permanent)
        {
            return await PlanningFailedAsync(item, e, span, cancellationToken);
        }
        StagePlanOutcome outcome;
        try
        {
            // The plan streams into the store: the planner's own code runs inside this call.
            // The planning worker takes the stage's first tasks in the same transaction: the hand-off
            // to the next stage saves a notification, a claim round trip and its commit.
            // The slots stay reserved until the claimed tasks are held: the claim loop meanwhile leaves them be.
            using var reserved = slots.Reserve();
            var claim = reserved.Count > 0 ? new WorkClaimParams(options.WorkerId, reserved.Count, options.Lease) : null;
            outcome = await steps.StagePlanAsync(new StagePlanParams(item.JobId, item.Stage, item.TotalStages, tasks, claim,
                job.ToleranceOf(item.Stage, item.JobParameters!)) { Holder = new PlanHolder(options.WorkerId, item.Attempt) }, cancellationToken);
            if (outcome.Claimed.Count > 0) slots.Adopt(outcome.Claimed);
        }
        catch (ContractViolationException e)
        {
            return await PlanningFailedAsync(item, e, span, cancellationToken);
        }
        catch (PlannerFailedException e) when (ExceptionClassifier.Classify(e.Planner) == FailureKind.Permanent)
        {
            return await PlanningFailedAsync(item, e.Planner, span, cancellationToken);
        }
        catch (PlannerFailedException e)
        {
            // Not permanent (I/O, say): the plan item comes back when its lease expires.
            ExceptionDispatchInfo.Throw(e.Planner);
            throw;
        }
        logger.LogDebug("Stage {Stage} of job {JobId}: planned={Planned} tasks={Count}", item.Stage, Short(item.JobId), outcome.Planned, outcome.TaskCount);
        span?.SetTag(GeoTraceTags.TaskCount, outcome.TaskCount);
        return TaskOutcomes.Completed;
    }

    /// <summary>A planner that breaks its contract will break it again: the job cannot go on.</summary>
    private async Task<string> PlanningFailedAsync(WorkItem item, Exception e, Activity? span, CancellationToken cancellationToken)
    {
        EngineSpans.Error(span, e);
        logger.LogError(e, "Planning stage {Stage} of job {JobId} failed", item.Stage, Short(item.JobId));
        if (await steps.JobFailAsync(item.JobId, StorableText.Escape($"Planning stage {item.Stage} failed: {e.GetType().Name}: {e.Message}"), cancellationToken) == JobEndStatus.Ended)
            logger.JobEnded(item.JobId, JobStatus.Failed, $"planning stage {item.Stage} failed");
        return TaskOutcomes.Failed;
    }
}
