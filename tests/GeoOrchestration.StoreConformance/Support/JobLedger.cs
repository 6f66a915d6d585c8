using System.Text.Json.Nodes;
using GeoOrchestration.Model;
using GeoOrchestration.Store;

namespace GeoOrchestration.StoreConformance.Support;

/// <summary>
/// What the store says happened to one job's tasks and steps, read through its own queries: the
/// figures behind "handlers run at least once, their completions count exactly once".
/// </summary>
public sealed record JobLedger(
    long Tasks,
    long Completed,
    long DistinctKeys,
    long AttemptsSum,
    long Retried,
    long ResultsBeyondAttempts,
    long CompletingWorkers,
    long WorkLeft,
    IReadOnlyDictionary<int, long> TasksPerStage,
    IReadOnlyDictionary<int, (long Planned, long Completed)> StageEvents,
    long Finalized)
{
    public static async Task<JobLedger> ReadAsync(IGeoStore store, string jobId, int stages)
    {
        var tasks = await store.TaskListAsync(new TaskListParams(jobId, Limit: 1_000_000), default);
        var events = await store.JobEventListAsync(new JobEventListParams(jobId), default);
        var work = await store.WorkListAsync(new WorkListParams(jobId), default);
        var completed = tasks.Where(t => t.Status == TaskRecordStatus.Completed).ToList();
        long Events(JobEventKind kind, int? stage) => events.Count(e => e.Kind == kind && e.Stage == stage);
        return new JobLedger(
            tasks.Count,
            completed.Count,
            tasks.Select(t => (t.Stage, t.TaskKey)).Distinct().Count(),
            tasks.Sum(t => (long)t.Attempts),
            tasks.Count(t => t.Attempts > 1),
            completed.Count(t => !(ResultAttempt(t) is { } attempt && attempt >= 1 && attempt <= t.Attempts)),
            completed.Select(t => t.Result?["worker"]?.GetValue<string>()).Where(w => w is not null).Distinct().Count(),
            work.Count,
            tasks.GroupBy(t => t.Stage).ToDictionary(g => g.Key, g => (long)g.Count()),
            Enumerable.Range(1, stages).ToDictionary(s => s, s => (Events(JobEventKind.StagePlanned, s), Events(JobEventKind.StageCompleted, s))),
            Events(JobEventKind.Finalized, null));
    }

    /// <summary>The attempt a result says produced it (handlers of the built-in and test jobs record it).</summary>
    private static int? ResultAttempt(TaskRecord task) =>
        task.Result is JsonObject result && result["attempt"] is JsonValue value && value.TryGetValue<int>(out var attempt) ? attempt : null;

    /// <summary>Tasks of the job in each status, for failure messages.</summary>
    public static async Task<string> StatusesAsync(IGeoStore store, string jobId)
    {
        var tasks = await store.TaskListAsync(new TaskListParams(jobId, Limit: 1_000_000), default);
        return tasks.Count == 0
            ? "no tasks"
            : string.Join(", ", tasks.GroupBy(t => StatusNames.ToName(t.Status)).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key}={g.Count()}"));
    }

    /// <summary>The job's tasks in one status (e.g. completed).</summary>
    public static async Task<long> CountAsync(IGeoStore store, string jobId, TaskRecordStatus status) =>
        (await store.TaskListAsync(new TaskListParams(jobId, Limit: 1_000_000), default)).Count(t => t.Status == status);

    /// <summary>Invariants 1 and 6: every planned task completed exactly once, each stage planned and completed once, one finalize.</summary>
    public void AssertEveryTaskCompletedOnce(int tasksPerStage, int stages)
    {
        var expected = (long)tasksPerStage * stages;
        Assert.Equal(expected, Tasks);
        Assert.Equal(expected, Completed);
        Assert.Equal(Tasks, DistinctKeys);
        Assert.Equal(Enumerable.Range(1, stages).ToDictionary(s => s, _ => (long)tasksPerStage), TasksPerStage);
        for (var stage = 1; stage <= stages; stage++)
        {
            Assert.True(StageEvents[stage].Planned == 1, $"stage {stage} planned {StageEvents[stage].Planned} times");
            Assert.True(StageEvents[stage].Completed == 1, $"stage {stage} completed {StageEvents[stage].Completed} times");
        }
        Assert.Equal(1, Finalized);
        Assert.Equal(0, WorkLeft);
        // At least once: every completion was preceded by a claim, and each result names an attempt that was made.
        Assert.True(AttemptsSum >= Completed, $"{AttemptsSum} attempts for {Completed} completions");
        Assert.Equal(0, ResultsBeyondAttempts);
    }
}
