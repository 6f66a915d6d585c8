using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.Text.Json.Nodes;
using GeoOrchestration.Definitions;
using GeoOrchestration.Errors;
using GeoOrchestration.Model;
using GeoOrchestration.Registry;
using GeoOrchestration.Store;
using Microsoft.Extensions.Logging;

namespace GeoOrchestration.Engine;

/// <summary>Carries out one leased work item: plan a stage, run a task, or finalize a job.</summary>
internal sealed class WorkExecutor(JobRegistry registry, IGeoStore store, EngineSteps steps, WorkerOptions options,
    TimeProvider time, ILogger logger, Random random,
    Func<TaskCompleteParams, ValueTask> complete, WorkerSlots slots)
{
    // Outcomes are recorded even while the worker stops: a finished handler's result must not be lost.
    private static readonly CancellationToken Record = CancellationToken.None;

    private readonly StagePlanner _planner = new(registry, steps);

    /// <summary>
    /// A plan or finalize item claimed this often has failed (or its worker died) every time: fail
    /// the job rather than retry it forever.
    /// </summary>
    public const int MaxControlAttempts = 10;

    public async Task ExecuteAsync(RunningWork work)
    {
        if (work.Item.Kind != WorkKind.RunTask && work.Item.Attempt > MaxControlAttempts)
        {
            var reason = $"{(work.Item.Kind == WorkKind.PlanStage ? $"Planning stage {work.Item.Stage}" : "Finalizing")} did not succeed in {MaxControlAttempts} attempts.";
            if (await steps.JobFailAsync(work.Item.JobId, reason, Record) == JobEndStatus.Ended)
                JobEnded(work.Item.JobId, JobStatus.Failed, reason);
            return;
        }
        await Dispatch(work);
    }

    private Task Dispatch(RunningWork work) => work.Item.Kind switch
    {
        WorkKind.PlanStage => PlanAsync(work.Item, work.Token),
        WorkKind.RunTask => RunAsync(work),
        WorkKind.Finalize => FinalizeAsync(work.Item, work.Token),
        _ => throw new InvalidOperationException($"Unknown work kind {work.Item.Kind}."),
    };

    private async Task PlanAsync(WorkItem item, CancellationToken cancellationToken)
    {
        if (item.JobStatus is { } status && status.IsTerminal())
        {
            await steps.WorkDropAsync(item, cancellationToken);
            return;
        }
        var job = registry.GetJob(item.JobType);
        IEnumerable<PlannedTask> tasks;
        try
        {
            tasks = await _planner.PlanAsync(job, item.JobId, item.Stage, item.JobParameters!, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException && ExceptionClassifier.Classify(e) == FailureKind.Permanent)
        {
            await PlanningFailedAsync(item, e, cancellationToken);
            return;
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
            await PlanningFailedAsync(item, e, cancellationToken);
            return;
        }
        catch (PlannerFailedException e) when (ExceptionClassifier.Classify(e.Planner) == FailureKind.Permanent)
        {
            await PlanningFailedAsync(item, e.Planner, cancellationToken);
            return;
        }
        catch (PlannerFailedException e)
        {
            // Not permanent (I/O, say): the plan item comes back when its lease expires.
            ExceptionDispatchInfo.Throw(e.Planner);
            throw;
        }
        logger.LogDebug("Stage {Stage} of job {JobId}: planned={Planned} tasks={Count}", item.Stage, Short(item.JobId), outcome.Planned, outcome.TaskCount);
    }

    /// <summary>A planner that breaks its contract will break it again: the job cannot go on.</summary>
    private async Task PlanningFailedAsync(WorkItem item, Exception e, CancellationToken cancellationToken)
    {
        logger.LogError(e, "Planning stage {Stage} of job {JobId} failed", item.Stage, Short(item.JobId));
        if (await steps.JobFailAsync(item.JobId, StorableText.Escape($"Planning stage {item.Stage} failed: {e.GetType().Name}: {e.Message}"), cancellationToken) == JobEndStatus.Ended)
            JobEnded(item.JobId, JobStatus.Failed, $"planning stage {item.Stage} failed");
    }

    private async Task RunAsync(RunningWork work)
    {
        var item = work.Item;
        if (item.JobStatus is { } jobStatus && jobStatus.IsTerminal())
        {
            // The job ended between planning and this claim: do not run the handler.
            await CancelAsync(item);
            return;
        }
        var handler = registry.GetHandler(item.TaskType!);
        var context = new TaskContext
        {
            JobId = item.JobId,
            TaskId = item.TaskId!,
            TaskType = item.TaskType!,
            Stage = item.Stage,
            Attempt = item.Attempt,
            Parameters = item.TaskParameters!,
            WorkerId = options.WorkerId,
            ProgressSink = work.ReportProgress,
        };
        if (item.TaskTimeout is { } timeout) work.StopAfter(timeout, time);
        JsonNode? result;
        var started = Stopwatch.GetTimestamp();
        try
        {
            result = await handler.Handler.HandleAsync(context, work.Token);
        }
        catch (Exception e) when (work.Reason != StopReason.None)
        {
            RecordDuration(item, started);
            await StoppedAsync(work, e);
            return;
        }
        catch (Exception e)
        {
            RecordDuration(item, started);
            await FailAsync(item, e, ExceptionClassifier.Classify(e));
            return;
        }
        RecordDuration(item, started);
        if (work.Reason is StopReason.TimedOut or StopReason.JobEnded)
        {
            // The handler ignored its token; the stop still rules.
            await StoppedAsync(work, null);
            return;
        }
        if (StorableText.Find(result) is { } unstorable)
        {
            // Refused here, not by the store: it would fail the whole batch of results this one commits with.
            await FailAsync(item, new ContractViolationException(
                $"The result of task {item.TaskId} holds {unstorable}, which the store cannot hold."), FailureKind.Permanent);
            return;
        }
        // Queued for the next batch commit; the slot is free once queued (see CompletionBatcher).
        await complete(new TaskCompleteParams(item.TaskId!, result));
    }

    private void RecordDuration(WorkItem item, long started) =>
        EngineMetrics.TaskDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds,
            EngineMetrics.Worker(options.WorkerId), new KeyValuePair<string, object?>(EngineMetrics.TaskTypeTag, item.TaskType));

    private async Task StoppedAsync(RunningWork work, Exception? exception)
    {
        var item = work.Item;
        switch (work.Reason)
        {
            case StopReason.JobEnded:
                await CancelAsync(item);
                break;
            case StopReason.TimedOut:
                await FailAsync(item, new TimeoutException(LimitMessages.TaskTimedOut(item.TaskTimeout!.Value), exception),
                    FailureKind.Permanent);
                break;
            default:
                // Shutdown: the worker hands the task back. Lease lost: its new owner records the outcome.
                logger.LogDebug("Task {TaskId} stopped: {Reason}", item.TaskId, work.Reason);
                break;
        }
    }

    private async Task FailAsync(WorkItem item, Exception e, FailureKind kind)
    {
        // A delay, not a time: the store adds it to its own clock, which may differ from this worker's.
        TimeSpan? retryDelay = kind == FailureKind.Transient && item.Attempt < item.MaxAttempts ? RetryDelay(item.Attempt) : null;
        EngineMetrics.TasksFailed.Add(1, EngineMetrics.Worker(options.WorkerId),
            new KeyValuePair<string, object?>(EngineMetrics.TaskTypeTag, item.TaskType),
            new KeyValuePair<string, object?>(EngineMetrics.FailureTag, kind == FailureKind.Transient ? "transient" : "permanent"));
        logger.LogWarning(e, "Task {TaskId} attempt {Attempt}/{MaxAttempts} failed ({Kind}); {Next}",
            item.TaskId, item.Attempt, item.MaxAttempts, kind, retryDelay is { } d ? $"retrying in {(long)d.TotalMilliseconds} ms" : "failing it for good");
        // A handler's exception may say anything: stored escaped, a NUL in its message must not lose the failure.
        // A scheduled retry wakes idle workers through the store; this one looks for work as soon
        // as this item's slot is free, and learns then when the retry falls due.
        var outcome = await steps.TaskFailAsync(new TaskFailParams(item.TaskId!, options.WorkerId, item.Attempt,
            StorableText.Escape(e.GetType().FullName ?? e.GetType().Name), StorableText.Escape(e.Message), retryDelay), Record);
        if (outcome.Status == TaskFailStatus.NotOwner) LostAttempt(item, "failure");
        else if (outcome.Status == TaskFailStatus.Cancelled)
            logger.LogInformation("Task {TaskId}: job {JobId} ended meanwhile; the task is cancelled, not retried", item.TaskId, Short(item.JobId));
        else if (outcome.Status == TaskFailStatus.FailureTolerated)
            logger.LogInformation("Task {TaskId} failed for good within the tolerance of stage {Stage}; job {JobId} goes on", item.TaskId, item.Stage, Short(item.JobId));
        else if (outcome.Status == TaskFailStatus.JobFailed)
            JobEnded(item.JobId, JobStatus.Failed, $"task {item.TaskId} failed for good");
    }

    /// <summary>The backoff of a transient failure; handlers fail concurrently, and a <see cref="Random"/> is not thread-safe.</summary>
    private TimeSpan RetryDelay(int attempt)
    {
        lock (random) return ExceptionClassifier.RetryDelay(attempt, options.RetryBaseDelay, options.RetryMaxDelay, random);
    }

    /// <summary>The job ended: stop the task (the store hands it back instead if the job was retried meanwhile).</summary>
    private async Task CancelAsync(WorkItem item)
    {
        var status = await store.TaskCancelAsync(new TaskCancelParams(item.TaskId!, options.WorkerId, item.Attempt), Record);
        if (status == TaskCancelStatus.NotOwner) LostAttempt(item, "cancellation");
    }

    /// <summary>
    /// A report from an attempt whose lease lapsed: the task went back to the queue and may run
    /// elsewhere, whose outcome counts. Dropping the report is the expected end, not an error.
    /// </summary>
    private void LostAttempt(WorkItem item, string report) =>
        logger.LogInformation("Task {TaskId} attempt {Attempt}: {Report} not recorded, the attempt no longer holds the task (its lease lapsed)",
            item.TaskId, item.Attempt, report);

    private async Task FinalizeAsync(WorkItem item, CancellationToken cancellationToken)
    {
        if (item.JobStatus is { } status && status.IsTerminal())
        {
            await steps.WorkDropAsync(item, cancellationToken);
            return;
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
            final = JobStatus.CompletedWithErrors;
            summary = FailureReport.Attach(new JsonObject
            {
                ["finalize_error"] = new JsonObject { ["type"] = StorableText.Escape(e.GetType().FullName), ["message"] = StorableText.Escape(e.Message) },
                ["tasks"] = results.Sum(r => r.Count),
                ["stages"] = results.Count,
            }, failures);
        }
        if (await steps.JobFinalizeAsync(new JobFinalizeParams(item.JobId, final, summary), Record) == JobEndStatus.Ended)
            JobEnded(item.JobId, final, failures.Count > 0 ? $"{failures.Count} task(s) failed within tolerance" : null);
    }

    /// <summary>
    /// The line of a job this worker ended, with the state it ended in: information when it
    /// completed, a warning when anything failed. The worker that makes the ending transition logs
    /// it, so each job's end is logged once, by one worker.
    /// </summary>
    private void JobEnded(string jobId, JobStatus status, string? why)
    {
        var level = status == JobStatus.Completed ? LogLevel.Information : LogLevel.Warning;
        if (why is null) logger.Log(level, "Job {JobId} ended: {Status}", Short(jobId), StatusNames.ToName(status));
        else logger.Log(level, "Job {JobId} ended: {Status} ({Why})", Short(jobId), StatusNames.ToName(status), why);
    }

    private static string Short(string jobId) => Identity.JobIdentity.ShortJobId(jobId);
}
