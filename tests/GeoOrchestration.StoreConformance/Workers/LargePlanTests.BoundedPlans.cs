using System.Text.Json.Nodes;
using GeoOrchestration.Engine;
using GeoOrchestration.Model;
using GeoOrchestration.Store;
using GeoOrchestration.StoreConformance.Support;
using GeoOrchestration.StoreConformance.TestJobs;

namespace GeoOrchestration.StoreConformance;

/// <summary>
/// Planning a large stage keeps no other worker waiting for it (issue 16, part 2): while the plan is
/// being written, other jobs are submitted, claimed and completed; a stage half written is not
/// shown as planned; a planner that dies part-way leaves a plan item whose next delivery plans the
/// stage exactly once; a job that fails part-way keeps no task. (A job cancelled part-way: see the
/// SQLite tests; on PostgreSQL the cancel waits for the plan's one transaction, which holds the job's row.) The planner stops at a gate
/// (<see cref="PlanGate"/>) past the first tens of thousands of tasks, and the test acts meanwhile.
/// On SQLite the plan is then several committed transactions (IGeoStore.PlanChunkRows); on
/// PostgreSQL one, which blocks no other row.
/// </summary>
public abstract partial class LargePlanTests
{
    /// <summary>
    /// A plan past the store's first chunk (on a store that plans in chunks; 10,000 tasks otherwise),
    /// and the task its planner stops before, in the second chunk: the first is committed by then.
    /// </summary>
    private (int Tasks, int GateAt) GatedPlanSize(int beyond) => ((Store.PlanChunkRows ?? 10_000) + beyond, (Store.PlanChunkRows ?? 10_000) + 1_000);

    private async Task<(string JobId, string Run)> SubmitGatedPlanAsync(int tasks, int gateAt)
    {
        var run = Guid.NewGuid().ToString("N");
        var submission = await Client.SubmitAsync("test_gated_plan", new JsonObject { ["tasks"] = tasks, ["gate_at"] = gateAt, ["run"] = run });
        return (submission.Job.JobId, run);
    }

    private async Task<IReadOnlyList<TaskRecord>> AllTasksAsync(string jobId) =>
        await Store.TaskListAsync(new TaskListParams(jobId, Limit: 1_000_000), default);

    [Fact]
    public async Task LargePlan_WhileItIsBeingWritten_AnotherJobRunsToTheEnd_AndTheHalfWrittenStageIsNotPlanned()
    {
        var (tasks, gateAt) = GatedPlanSize(5_000);
        var (jobId, run) = await SubmitGatedPlanAsync(tasks, gateAt);
        try
        {
            await using (StartWorker(TestOptions(concurrency: 1)))
            {
                Assert.True(await PlanGate.ReachedAsync(run));

                // Submitted, planned twice, claimed, completed and finalized by another worker while the plan waits at its gate.
                var small = await Client.SubmitAsync("test_wide", new JsonObject { ["tasks"] = 3 });
                Assert.Equal(JobStatus.Completed, (await RunUntilTerminalAsync(small.Job.JobId)).Status);
                Assert.Equal(0, PlanGate.TimedOut(run));

                Assert.Empty(await Store.StageListAsync(new StageListParams(jobId), default));
                Assert.Empty(await Store.StageTaskCountsAsync(new JobRef(jobId), default));
                Assert.Equal(0, await EventCountAsync(jobId, JobEventKind.StagePlanned));
                Assert.DoesNotContain(await AllTasksAsync(jobId), t => t.Status != TaskRecordStatus.Pending);

                PlanGate.Open(run);
                await Eventually.TrueAsync(async () => (await AllTasksAsync(jobId)) is { } all && all.Count == tasks
                    && all.All(t => t.Status != TaskRecordStatus.Pending), 300);
            }
            Assert.Equal(0, PlanGate.TimedOut(run));
            Assert.Equal(tasks, (await AllTasksAsync(jobId)).Select(t => t.TaskId).Distinct().Count());
            Assert.Equal(tasks, (await StageAsync(jobId, 1)).TaskCount);
            Assert.Equal(1, await EventCountAsync(jobId, JobEventKind.StagePlanned, 1));
            Assert.Empty(await WorkAsync(jobId));
            Assert.Equal(JobChangeStatus.Changed, (await Client.CancelJobAsync(jobId, "the plan was what the test looked at")).Status);
        }
        finally
        {
            PlanGate.Open(run);
        }
    }

    [Fact]
    public async Task LargePlan_PlannerDiesPartWay_TheRedeliveredItemPlansTheStageExactlyOnce()
    {
        var (tasks, gateAt) = GatedPlanSize(2_000);
        var (jobId, run) = await SubmitGatedPlanAsync(tasks, gateAt);
        var options = new WorkerOptions
        {
            Concurrency = 4,
            Lease = TimeSpan.FromSeconds(2),
            PollInterval = TimeSpan.FromMilliseconds(250),
            JanitorInterval = TimeSpan.FromMilliseconds(250),
        };
        try
        {
            await using (StartWorker(options))
            {
                Assert.True(await PlanGate.ReachedAsync(run));
                PlanGate.Open(run, GateOpening.FailTransiently);
                // The failed attempt's plan item comes back when its lease lapses, and plans again from the start.
                Assert.True(await PlanGate.ReachedAsync(run));
                PlanGate.Open(run);
                var job = await Client.WaitForJobAsync(jobId, TimeSpan.FromMinutes(5));
                Assert.Equal(JobStatus.Completed, job.Status);
            }
            Assert.Equal((2, 0), (PlanGate.Attempts(run), PlanGate.TimedOut(run)));
            var all = await AllTasksAsync(jobId);
            Assert.Equal(tasks, all.Count);
            Assert.Equal(Enumerable.Range(0, tasks).Select(i => $"t{i}").Order(StringComparer.Ordinal),
                all.Select(t => t.TaskKey).Order(StringComparer.Ordinal));
            Assert.All(all, t => Assert.Equal(TaskRecordStatus.Completed, t.Status));
            var stage = await StageAsync(jobId, 1);
            Assert.Equal((tasks, 0), (stage.TaskCount, stage.Remaining));
            Assert.Equal(1, await EventCountAsync(jobId, JobEventKind.StagePlanned, 1));
            Assert.Equal(1, await EventCountAsync(jobId, JobEventKind.StageCompleted, 1));
            Assert.Equal(1, await EventCountAsync(jobId, JobEventKind.Finalized));
        }
        finally
        {
            PlanGate.Open(run);
        }
    }

    [Theory]
    [InlineData("duplicate_last", "two tasks with key 't7'")]
    [InlineData("throw_permanent", "ArgumentException: the plan ran out of tiles")]
    public async Task LargePlan_PlannerFailingAfterChunksWereWritten_FailsTheJob_AndKeepsNoTask(string fault, string expected)
    {
        var submission = await Client.SubmitAsync("test_streamed_plan_fault", new JsonObject { ["tasks"] = GatedPlanSize(5_000).Tasks, ["fault"] = fault });

        var job = await RunUntilTerminalAsync(submission.Job.JobId);

        Assert.Equal(JobStatus.Failed, job.Status);
        Assert.Contains(expected, job.Error);
        Assert.Empty(await AllTasksAsync(job.JobId));
        Assert.Empty(await Store.StageListAsync(new StageListParams(job.JobId), default));
        Assert.Equal(0, await EventCountAsync(job.JobId, JobEventKind.StagePlanned));
    }
}
