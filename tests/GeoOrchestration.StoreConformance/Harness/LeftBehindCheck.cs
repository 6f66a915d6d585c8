using GeoOrchestration.Model;
using GeoOrchestration.Store;

namespace GeoOrchestration.StoreConformance.Harness;

/// <summary>
/// What "a test leaves nothing behind" means for a store, checked after every test through the
/// store's own queries. Each test has a store of its own, so nothing can leak into another test;
/// what a test can leave behind is a store whose rows do not add up, and work nobody will ever do:
/// <list type="bullet">
/// <item>every stage's counter agrees with its tasks (how many, how many not completed less the failures the stage tolerated), and no task sits in a stage that was never planned;</item>
/// <item>the audit trail agrees with the rows: one submitted event per job, one stage_planned per planned stage, one stage_completed per advanced stage and none for the others, one finalized event exactly for a finished job (counted from the last retry of the job that ended completed_with_errors, for what that retry runs again);</item>
/// <item>control work belongs to a live job, and every live job can go on (a control item, or a task of its current stage still to run);</item>
/// <item>no engine worker the test ran, all stopped now, still holds a lease: a worker that stops hands back what it holds;</item>
/// <item>nor is any of them still in the worker registry: a worker that stops deregisters.</item>
/// </list>
/// The store is then dropped, which the harness checks in its own way (<see cref="IHarnessStore.DropAsync"/>).
/// </summary>
internal static class LeftBehindCheck
{
    public static async Task AssertAsync(IGeoStore store, IReadOnlyCollection<string> stoppedWorkers, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        var jobs = await store.JobListAsync(new JobListParams(Limit: 100_000), cancellationToken);
        var work = await store.WorkListAsync(new WorkListParams(), cancellationToken);
        var jobIds = jobs.Select(j => j.JobId).ToHashSet(StringComparer.Ordinal);
        foreach (var item in work.Where(w => !jobIds.Contains(w.JobId)))
            problems.Add($"a {item.Kind} item of stage {item.Stage} belongs to job {item.JobId}, which the store does not list");
        foreach (var item in work.Where(w => w.LeaseOwner is { } owner && stoppedWorkers.Contains(owner)))
            problems.Add($"the {item.Kind} item of stage {item.Stage} of job {item.JobId} is still leased to stopped worker {item.LeaseOwner}");
        foreach (var worker in await store.WorkerListAsync(cancellationToken) ?? [])
            if (stoppedWorkers.Contains(worker.WorkerId))
                problems.Add($"stopped worker {worker.WorkerId} is still in the worker registry");
        foreach (var job in jobs)
            await CheckJobAsync(store, job, work.Where(w => w.JobId == job.JobId).ToList(), stoppedWorkers, problems, cancellationToken);
        if (problems.Count > 0)
            Assert.Fail($"The test left its store inconsistent ({problems.Count}):\n  " + string.Join("\n  ", problems));
    }

    private static async Task CheckJobAsync(IGeoStore store, JobRecord job, List<WorkRecord> work, IReadOnlyCollection<string> stoppedWorkers,
        List<string> problems, CancellationToken cancellationToken)
    {
        var tasks = await store.TaskListAsync(new TaskListParams(job.JobId, Limit: 1_000_000), cancellationToken);
        var stages = await store.StageListAsync(new StageListParams(job.JobId), cancellationToken);
        var events = await store.JobEventListAsync(new JobEventListParams(job.JobId), cancellationToken);
        var name = $"job {job.JobId[..16]} ({job.JobType}, {StatusNames.ToName(job.Status)})";
        // A retry of a job that completed with errors runs part of it again: the stage it re-opened
        // advances again, the later ones are planned again, and the job is finalized again. So those
        // events count from the last such retry (JobEventKind.Retried, detail rerun_from_stage).
        var reruns = events.Select((e, i) => (Event: e, Index: i))
            .Where(x => x.Event.Kind == JobEventKind.Retried && x.Event.Detail?["from"]?.GetValue<string>() == "completed_with_errors")
            .Select(x => (x.Index, From: x.Event.Detail!["rerun_from_stage"]?.GetValue<int>())).ToList();
        int Since(Func<int?, bool> resets) => reruns.Where(r => resets(r.From)).Select(r => r.Index + 1).DefaultIfEmpty(0).Max();
        int Events(JobEventKind kind, int? stage = null, int since = 0) =>
            events.Skip(since).Count(e => e.Kind == kind && (stage is null || e.Stage == stage));

        if (Events(JobEventKind.Submitted) != 1) problems.Add($"{name} has {Events(JobEventKind.Submitted)} submitted events");
        foreach (var stage in stages)
        {
            var own = tasks.Where(t => t.Stage == stage.Stage).ToList();
            var open = own.Count(t => t.Status != TaskRecordStatus.Completed);
            var failed = own.Where(t => t.Status == TaskRecordStatus.Failed).ToList();
            var at = $"{name}, stage {stage.Stage}:";
            if (stage.TaskCount != own.Count) problems.Add($"{at} counts {stage.TaskCount} tasks but holds {own.Count}");
            // Tolerated failures count toward the stage (the stores' StageTolerateFailure): the counter
            // leaves out exactly the failures the stage says it tolerated.
            if (open - stage.Remaining != stage.Failed)
                problems.Add($"{at} counts {stage.Remaining} remaining but {open} tasks are not completed" + (failed.Count == 0 ? ""
                    : $", {failed.Count} of them failed, of which the stage should count {stage.Failed} as done"));
            if (stage.Failed > failed.Count || stage.Failed > stage.FailuresAllowed)
                problems.Add($"{at} counts {stage.Failed} tolerated failures, but {failed.Count} of its tasks failed and it tolerates {stage.FailuresAllowed}");
            // A stage that advanced, or one of a job still live, tolerated every failure it had: one more would have failed the job.
            if ((stage.AdvancedAt is not null || !job.Status.IsTerminal()) && stage.Failed != failed.Count)
                problems.Add($"{at} tolerated {stage.Failed} failures but {failed.Count} of its tasks failed, and its job went on");
            if ((stage.CompletedAt is null) != (stage.Remaining > 0)) problems.Add($"{at} completed_at {stage.CompletedAt} with {stage.Remaining} remaining");
            if (stage.AdvancedAt is not null && stage.Remaining > 0) problems.Add($"{at} advanced with {stage.Remaining} remaining");
            var plannedEvents = Events(JobEventKind.StagePlanned, stage.Stage, Since(from => from < stage.Stage));
            if (plannedEvents != 1) problems.Add($"{at} {plannedEvents} stage_planned events");
            var completedEvents = Events(JobEventKind.StageCompleted, stage.Stage, Since(from => from <= stage.Stage));
            if (completedEvents != (stage.AdvancedAt is null ? 0 : 1))
                problems.Add($"{at} {completedEvents} stage_completed events, advanced_at {stage.AdvancedAt?.ToString("O") ?? "null"}");
        }
        var planned = stages.Select(s => s.Stage).ToHashSet();
        foreach (var stage in tasks.Select(t => t.Stage).Distinct().Where(s => !planned.Contains(s)))
            problems.Add($"{name} has tasks in stage {stage}, which was never planned");
        foreach (var stage in events.Where(e => e.Kind is JobEventKind.StagePlanned or JobEventKind.StageCompleted).Select(e => e.Stage!.Value).Distinct()
                     .Where(s => !planned.Contains(s) && Events(JobEventKind.StagePlanned, s, Since(from => from < s)) + Events(JobEventKind.StageCompleted, s, Since(from => from < s)) > 0))
            problems.Add($"{name} has stage events of stage {stage}, which has no stage row");

        var finished = job.Status is JobStatus.Completed or JobStatus.CompletedWithErrors;
        var finalized = Events(JobEventKind.Finalized, since: Since(_ => true));
        if (finalized != (finished ? 1 : 0)) problems.Add($"{name} has {finalized} finalized events");
        if (job.Status.IsTerminal())
        {
            foreach (var item in work) problems.Add($"{name} has ended but keeps a {item.Kind} item of stage {item.Stage}");
            // Nothing would run such a task: a worker claiming it only cancels it.
            foreach (var task in tasks.Where(t => t.Status is TaskRecordStatus.Pending or TaskRecordStatus.Queued))
                problems.Add($"{name} has ended but keeps task {task.TaskId} {StatusNames.ToName(task.Status)}");
        }
        else if (work.Count == 0 && !tasks.Any(t => t.Stage == job.Stage && t.Status is TaskRecordStatus.Pending or TaskRecordStatus.Queued or TaskRecordStatus.Processing))
        {
            problems.Add($"{name} is live at stage {job.Stage} but has no control item and no task of that stage left to run: nothing will move it");
        }
        foreach (var task in tasks.Where(t => t.LeaseOwner is { } owner && stoppedWorkers.Contains(owner)))
            problems.Add($"{name}: task {task.TaskId} is still leased to stopped worker {task.LeaseOwner}");
    }
}
