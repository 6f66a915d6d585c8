using GeoOrchestration.Model;
using GeoOrchestration.Store;

namespace GeoOrchestration.StoreConformance;

/// <summary>
/// A stopping worker's hand-back is in the audit trail: one tasks_handed_back event per job stage that got
/// tasks back, naming the worker and the tasks, written by the hand-back's own transaction; an attempt that
/// no longer held its task gives nothing back and records nothing.
/// </summary>
public abstract partial class EngineStepTests
{
    [Fact]
    public async Task TaskRelease_WritesOneTasksHandedBackPerStage_NamingTheWorkerAndTheTasks_AndNothingForAStaleAttempt()
    {
        var (jobId, _) = await PlannedAsync(4);
        var claimed = await Store.WorkClaimAsync(new WorkClaimParams("stopping-worker", 3, LongLease), default);
        Assert.Equal(3, claimed.Count);

        var released = await Steps.TaskReleaseAsync(new TaskReleaseParams("stopping-worker",
            claimed.Select(c => new TaskAttempt(c.TaskId!, c.Attempt)).ToList()), default);
        // The same attempts again: they no longer hold their tasks, so nothing is given back or recorded.
        var again = await Steps.TaskReleaseAsync(new TaskReleaseParams("stopping-worker",
            claimed.Select(c => new TaskAttempt(c.TaskId!, c.Attempt)).ToList()), default);

        Assert.Equal((3, 0), (released, again));
        var handedBack = Assert.Single(await EventsAsync(jobId, JobEventKind.TasksHandedBack));
        Assert.Equal((1, "stopping-worker", 3), (handedBack.Stage, Text(handedBack, "worker"), Number(handedBack, "tasks")));
        Assert.Equal(claimed.Select(c => c.TaskId!).Order(StringComparer.Ordinal),
            handedBack.Detail!["task_ids"]!.AsArray().Select(n => n!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.Equal("Worker stopping-worker stopping: handed back 3 tasks without counting the attempt", JobEventMessages.Describe(handedBack));
    }
}
