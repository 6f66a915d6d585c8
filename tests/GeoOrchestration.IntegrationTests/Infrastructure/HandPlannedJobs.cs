using System.Text.Json.Nodes;
using GeoOrchestration.Model;
using GeoOrchestration.Store;

namespace GeoOrchestration.IntegrationTests.Infrastructure;

/// <summary>
/// Jobs whose stage-1 plan item a test holds itself, to call StagePlanAsync with tasks of its own.
/// A claim takes any runnable task of the schema, so the jobs are cancelled when the test ends and
/// the next test's claims see only their own tasks (a job that ended is left as it is). Each job
/// needs a size of its own: equal parameters give the same job.
/// </summary>
internal sealed class HandPlannedJobs(SchemaFixture fixture) : IAsyncDisposable
{
    private readonly List<string> _jobs = [];

    /// <summary>Submits a test_wide job, takes its plan item, and returns test_echo tasks to plan for it.</summary>
    public async Task<(string JobId, List<PlannedTask> Tasks)> SubmitAsync(int tasks, SubmitOptions? options = null)
    {
        var submission = await fixture.Client.SubmitAsync("test_wide", new JsonObject { ["tasks"] = tasks }, options ?? SubmitOptions.Default);
        var jobId = submission.Job.JobId;
        _jobs.Add(jobId);
        var plan = (await fixture.Store.WorkClaimAsync(new WorkClaimParams("planner", 100, TimeSpan.FromMinutes(1)), default))
            .Single(w => w.Kind == WorkKind.PlanStage && w.JobId == jobId);
        var planned = Enumerable.Range(0, tasks)
            .Select(i => new PlannedTask($"{jobId[..16]}-s1-t{i}", $"t{i}", "test_echo", new JsonObject { ["index"] = i }, 3))
            .ToList();
        return (plan.JobId, planned);
    }

    public async ValueTask DisposeAsync()
    {
        // A job the test ran to its end needs nothing; cancelling it would be refused.
        foreach (var jobId in _jobs)
            if (!(await fixture.Client.GetJobAsync(jobId)).Status.IsTerminal())
                await fixture.Client.CancelJobAsync(jobId);
    }
}
