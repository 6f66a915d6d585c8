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
/// Carries out a task: runs its handler under the task's own token (stopped by a timeout, the job's
/// end, a lost lease or shutdown) and records the outcome: the result queued for the next batch
/// commit, a failure retried with back-off or failed for good, or the task cancelled.
/// </summary>
internal sealed class TaskExecutor(JobRegistry registry, EngineSteps steps, WorkerOptions options,
    TimeProvider time, ILogger logger, Random random, Func<TaskCompleteParams, ValueTask> complete)
{
    // Outcomes are recorded even while the worker stops: a finished handler's result must not be lost.
    private static readonly CancellationToken Record = CancellationToken.None;

    /// <summary>Runs the attempt, in its span (<see cref="GeoTracing.TaskSpan"/>, a child of the job's trace context) when something listens.</summary>
    // Per task: with nobody listening, the attempt runs as it did before traces, with no wrapper state machine
    // and no closure. A failure thrown out of it (the store failed to record the outcome) is not recorded:
    // the lease expires and the task comes back.
    public Task RunAsync(RunningWork work) =>
        EngineSpans.RunAsync(work.Item, options.WorkerId, (Executor: this, Work: work),
            static (s, span) => s.Executor.AttemptAsync(s.Work, span));

    /// <returns>How the attempt ended (<see cref="TaskOutcomes"/>).</returns>
    private async Task<string> AttemptAsync(RunningWork work, Activity? span)
    {
        var item = work.Item;
        if (item.JobStatus is { } jobStatus && jobStatus.IsTerminal())
        {
            // The job ended between planning and this claim: do not run the handler.
            return await CancelAsync(item);
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
            return await StoppedAsync(work, e, span);
        }
        catch (Exception e)
        {
            RecordDuration(item, started);
            return await FailAsync(item, e, ExceptionClassifier.Classify(e), span);
        }
        RecordDuration(item, started);
        if (work.Reason is StopReason.TimedOut or StopReason.JobEnded)
        {
            // The handler ignored its token; the stop still rules.
            return await StoppedAsync(work, null, span);
        }
        if (StorableText.Find(result) is { } unstorable)
        {
            // Refused here, not by the store: it would fail the whole batch of results this one commits with.
            return await FailAsync(item, new ContractViolationException(
                $"The result of task {item.TaskId} holds {unstorable}, which the store cannot hold."), FailureKind.Permanent, span);
        }
        // Queued for the next batch commit; the slot is free once queued (see CompletionBatcher).
        await complete(new TaskCompleteParams(item.TaskId!, result));
        return TaskOutcomes.Completed;
    }

    private void RecordDuration(WorkItem item, long started) =>
        EngineMetrics.TaskDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds,
            EngineMetrics.Worker(options.WorkerId), new KeyValuePair<string, object?>(EngineMetrics.TaskTypeTag, item.TaskType));

    private async Task<string> StoppedAsync(RunningWork work, Exception? exception, Activity? span)
    {
        var item = work.Item;
        switch (work.Reason)
        {
            case StopReason.JobEnded:
                return await CancelAsync(item);
            case StopReason.TimedOut:
                return await FailAsync(item, new TimeoutException(LimitMessages.TaskTimedOut(item.TaskTimeout!.Value), exception),
                    FailureKind.Permanent, span);
            default:
                // Shutdown: the worker hands the task back. Lease lost: its new owner records the outcome.
                logger.LogDebug("Task {TaskId} stopped: {Reason}", item.TaskId, work.Reason);
                return work.Reason == StopReason.LeaseLost ? TaskOutcomes.LeaseLost : TaskOutcomes.HandedBack;
        }
    }

    private async Task<string> FailAsync(WorkItem item, Exception e, FailureKind kind, Activity? span)
    {
        EngineSpans.Error(span, e);
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
            logger.JobEnded(item.JobId, JobStatus.Failed, $"task {item.TaskId} failed for good");
        return outcome.Status switch
        {
            TaskFailStatus.RetryScheduled => TaskOutcomes.Retried,
            TaskFailStatus.Cancelled => TaskOutcomes.Cancelled,
            TaskFailStatus.NotOwner or TaskFailStatus.NotRunning => TaskOutcomes.LeaseLost,
            _ => TaskOutcomes.Failed,
        };
    }

    /// <summary>The backoff of a transient failure; handlers fail concurrently, and a <see cref="Random"/> is not thread-safe.</summary>
    private TimeSpan RetryDelay(int attempt)
    {
        lock (random) return ExceptionClassifier.RetryDelay(attempt, options.RetryBaseDelay, options.RetryMaxDelay, random);
    }

    /// <summary>The job ended: stop the task (the store hands it back instead if the job was retried meanwhile).</summary>
    private async Task<string> CancelAsync(WorkItem item)
    {
        var status = await steps.TaskCancelAsync(new TaskCancelParams(item.TaskId!, options.WorkerId, item.Attempt), Record);
        if (status == TaskCancelStatus.NotOwner) LostAttempt(item, "cancellation");
        return status switch
        {
            TaskCancelStatus.NotOwner => TaskOutcomes.LeaseLost,
            TaskCancelStatus.Requeued => TaskOutcomes.HandedBack,
            _ => TaskOutcomes.Cancelled,
        };
    }

    /// <summary>
    /// A report from an attempt whose lease lapsed: the task went back to the queue and may run
    /// elsewhere, whose outcome counts. Dropping the report is the expected end, not an error.
    /// </summary>
    private void LostAttempt(WorkItem item, string report) =>
        logger.LogInformation("Task {TaskId} attempt {Attempt}: {Report} not recorded, the attempt no longer holds the task (its lease lapsed)",
            item.TaskId, item.Attempt, report);
}
