using System.Text.Json.Nodes;
using GeoOrchestration.Engine;
using GeoOrchestration.Jobs;
using GeoOrchestration.Model;
using GeoOrchestration.Registry;
using GeoOrchestration.Sqlite.Tests.Support;
using GeoOrchestration.Store;
using GeoOrchestration.StoreConformance;
using GeoOrchestration.StoreConformance.TestJobs;

namespace GeoOrchestration.Sqlite.Tests;

/// <summary>
/// A large stage is planned in transactions of <see cref="SqliteStore.PlanChunkSize"/> tasks (issue 16,
/// part 2), seen from another connection of the file while its planner stands at a gate part-way: the
/// file's write lock is free, the chunks written so far are committed as pending tasks of a stage
/// without a row, and a planner that dies there leaves them to the next delivery, which discards
/// them and plans the stage exactly once. The conformance suite pins the same from the store's side.
/// </summary>
public sealed class SqliteBoundedPlanTests : IAsyncLifetime
{
    private static readonly JobRegistry Registry = JobRegistry.FromAssemblies(BuiltInJobs.Assembly, typeof(StoreConformanceTests).Assembly);
    private readonly StoreFolder _folder = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _folder.DisposeAsync();

    private long Scalar(string sql) => (long)Db.Scalar(_folder.Path, sql)!;

    [Fact]
    public async Task LargePlan_PartWay_LeavesTheLockFreeAndOnlyInvisiblePendingChunks_AndARedeliveryPlansItOnce()
    {
        const int tasks = SqliteStore.PlanChunkSize + 5_000;
        var client = new GeoClient(_folder.Store(), Registry);
        var run = Guid.NewGuid().ToString("N");
        var submission = await client.SubmitAsync("test_gated_plan", new JsonObject
        {
            ["tasks"] = tasks, ["gate_at"] = SqliteStore.PlanChunkSize + 1_000, ["run"] = run,
        });
        using var stop = new CancellationTokenSource();
        var worker = client.CreateWorker(new WorkerOptions
        {
            Concurrency = 4,
            Lease = TimeSpan.FromSeconds(2),
            PollInterval = TimeSpan.FromMilliseconds(250),
            JanitorInterval = TimeSpan.FromMilliseconds(250),
        }).RunAsync(stop.Token);
        try
        {
            foreach (var opening in new[] { GateOpening.FailTransiently, GateOpening.Continue })
            {
                Assert.True(await PlanGate.ReachedAsync(run));
                // Another connection takes the write lock at once (busy_timeout 0): no transaction is open.
                using (var other = Db.Other(_folder.Path))
                {
                    Db.Execute(other, "BEGIN IMMEDIATE;");
                    Db.Execute(other, "ROLLBACK;");
                }
                // Exactly the committed first chunk (the second delivery discarded the first's and wrote its own), all pending, no stage row.
                Assert.Equal(SqliteStore.PlanChunkSize, Scalar("SELECT count(*) FROM tasks WHERE status = 'pending'"));
                Assert.Equal(0, Scalar("SELECT count(*) FROM tasks WHERE status <> 'pending'"));
                Assert.Equal(0, Scalar("SELECT count(*) FROM stages"));
                PlanGate.Open(run, opening);
            }

            var job = await client.WaitForJobAsync(submission.Job.JobId, TimeSpan.FromMinutes(5));

            Assert.Equal(JobStatus.Completed, job.Status);
            Assert.Equal((2, 0), (PlanGate.Attempts(run), PlanGate.TimedOut(run)));
            Assert.Equal(tasks, Scalar("SELECT count(*) FROM tasks WHERE status = 'completed'"));
            Assert.Equal(tasks, Scalar("SELECT count(DISTINCT ordinal) FROM tasks WHERE ordinal BETWEEN 0 AND " + (tasks - 1)));
            Assert.Equal(tasks, Scalar("SELECT count(*) FROM tasks"));
            Assert.Equal(1, Scalar("SELECT count(*) FROM job_events WHERE kind = 'stage_planned'"));
            Assert.Equal(1, Scalar("SELECT count(*) FROM job_events WHERE kind = 'stage_completed'"));
            Assert.Equal(tasks, Scalar("SELECT task_count FROM stages WHERE stage = 1"));
        }
        finally
        {
            PlanGate.Open(run);
            await stop.CancelAsync();
            await worker;
        }
    }
    [Fact]
    public async Task LargePlan_JobCancelledPartWay_KeepsNoTask_AndThePlannerWritesNoMore()
    {
        var client = new GeoClient(_folder.Store(), Registry);
        var run = Guid.NewGuid().ToString("N");
        var submission = await client.SubmitAsync("test_gated_plan", new JsonObject
        {
            ["tasks"] = 2 * SqliteStore.PlanChunkSize, ["gate_at"] = SqliteStore.PlanChunkSize + 1_000, ["run"] = run,
        });
        using var stop = new CancellationTokenSource();
        var worker = client.CreateWorker(new WorkerOptions { Concurrency = 1 }).RunAsync(stop.Token);
        try
        {
            Assert.True(await PlanGate.ReachedAsync(run));
            Assert.Equal(SqliteStore.PlanChunkSize, Scalar("SELECT count(*) FROM tasks WHERE status = 'pending'"));

            // Committed while the planner stands at its gate: it does not wait for the plan.
            Assert.Equal(JobChangeStatus.Changed, (await client.CancelJobAsync(submission.Job.JobId, "cancelled while planned")).Status);
            Assert.Equal(0, PlanGate.TimedOut(run));
            Assert.Equal(0, Scalar("SELECT count(*) FROM tasks"));

            // The planner goes on past its gate; its next chunk finds the job ended and writes nothing.
            PlanGate.Open(run);
            await stop.CancelAsync();
            await worker;
            Assert.Equal(0, PlanGate.TimedOut(run));
            Assert.Equal(0, Scalar("SELECT count(*) FROM tasks"));
            Assert.Equal(0, Scalar("SELECT count(*) FROM stages"));
            Assert.Equal(0, Scalar("SELECT count(*) FROM job_work"));
            Assert.Equal(0, Scalar("SELECT count(*) FROM job_events WHERE kind = 'stage_planned'"));
            Assert.Equal("cancelled", (string)Db.Scalar(_folder.Path, "SELECT status FROM jobs")!);
        }
        finally
        {
            PlanGate.Open(run);
            await stop.CancelAsync();
            await worker;
        }
    }
}
