using GeoOrchestration.Model;
using GeoOrchestration.Registry;
using GeoOrchestration.Store;
using Microsoft.Extensions.Logging;

namespace GeoOrchestration.Engine;

/// <summary>
/// Carries out one leased work item through the executor of its kind: plan a stage
/// (<see cref="PlanExecutor"/>), run a task (<see cref="TaskExecutor"/>), or finalize a job
/// (<see cref="FinalizeExecutor"/>). A plan or finalize item that came back too often fails its job.
/// </summary>
internal sealed class WorkExecutor(JobRegistry registry, EngineSteps steps, WorkerOptions options,
    TimeProvider time, ILogger logger, Random random,
    Func<TaskCompleteParams, ValueTask> complete, WorkerSlots slots)
{
    // Outcomes are recorded even while the worker stops: a finished handler's result must not be lost.
    private static readonly CancellationToken Record = CancellationToken.None;

    private readonly PlanExecutor _plan = new(registry, steps, options, logger, slots);
    private readonly TaskExecutor _task = new(registry, steps, options, time, logger, random, complete);
    private readonly FinalizeExecutor _finalize = new(registry, steps, options, logger);

    public async Task ExecuteAsync(RunningWork work)
    {
        if (work.Item.Kind != WorkKind.RunTask && work.Item.Attempt > WorkerTuning.MaxControlAttempts)
        {
            var reason = $"{(work.Item.Kind == WorkKind.PlanStage ? $"Planning stage {work.Item.Stage}" : "Finalizing")} did not succeed in {WorkerTuning.MaxControlAttempts} attempts.";
            if (await steps.JobFailAsync(work.Item.JobId, reason, Record) == JobEndStatus.Ended)
                logger.JobEnded(work.Item.JobId, JobStatus.Failed, reason);
            return;
        }
        await Dispatch(work);
    }

    private Task Dispatch(RunningWork work) => work.Item.Kind switch
    {
        WorkKind.PlanStage => _plan.PlanAsync(work.Item, work.Token),
        WorkKind.RunTask => _task.RunAsync(work),
        WorkKind.Finalize => _finalize.FinalizeAsync(work.Item, work.Token),
        _ => throw new InvalidOperationException($"Unknown work kind {work.Item.Kind}."),
    };
}
