using GeoOrchestration.Model;
using GeoOrchestration.Store;
using Microsoft.Data.Sqlite;

namespace GeoOrchestration.Sqlite;

/// <summary>Operator actions (cancel, retry) and the janitor.</summary>
public sealed partial class SqliteStore
{
    public Task<JobChangeOutcome> JobCancelAsync(string jobId, string reason, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            await using (var cancel = Command("JobCancel", connection, transaction, ("job_id", jobId), ("reason", reason)))
                if (await cancel.ExecuteScalarAsync(cancellationToken) is null)
                    return await UnchangedAsync(connection, transaction, jobId, cancellationToken);
            var cancelled = await ExecuteAsync("TasksCancelForJob", connection, transaction, cancellationToken, ("job_id", jobId));
            await ExecuteAsync("WorkDeleteForJob", connection, transaction, cancellationToken, ("job_id", jobId));
            await EventAsync(connection, transaction, jobId, null, "cancelled", null, cancellationToken);
            return new JobChangeOutcome(JobChangeStatus.Changed, await JobGetAsync(connection, transaction, jobId, cancellationToken), cancelled);
        }, cancellationToken);

    public Task<JobChangeOutcome> JobRetryAsync(string jobId, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            int stage;
            await using (var retry = Command("JobRetry", connection, transaction, ("job_id", jobId)))
            {
                if (await retry.ExecuteScalarAsync(cancellationToken) is not long s)
                    return await UnchangedAsync(connection, transaction, jobId, cancellationToken);
                stage = (int)s;
            }
            // The failures the stage tolerated run again too: they leave its counts first.
            await ExecuteAsync("StageReopenFailures", connection, transaction, cancellationToken, ("job_id", jobId), ("stage", stage));
            var requeued = 0;
            await using (var requeue = Command("TasksRequeueForStage", connection, transaction, ("job_id", jobId), ("stage", stage)))
            await using (var reader = await requeue.ExecuteReaderAsync(cancellationToken))
                while (await reader.ReadAsync(cancellationToken)) requeued++;
            // A job that failed between stages (or while planning) has no task to requeue: give it its next step.
            await RepairMissingStepsAsync(connection, transaction, jobId, cancellationToken);
            await EventAsync(connection, transaction, jobId, stage, "retried", $"{{\"tasks\":{requeued}}}", cancellationToken);
            return new JobChangeOutcome(JobChangeStatus.Changed, await JobGetAsync(connection, transaction, jobId, cancellationToken), requeued);
        }, cancellationToken, wakes: true);

    private async Task<JobChangeOutcome> UnchangedAsync(SqliteConnection connection, SqliteTransaction transaction, string jobId,
        CancellationToken cancellationToken)
    {
        var job = await JobGetAsync(connection, transaction, jobId, cancellationToken);
        return new JobChangeOutcome(job is null ? JobChangeStatus.NotFound : JobChangeStatus.WrongStatus, job);
    }

    /// <summary>Gives every live job without pending work the step it lacks: plan its stage, or advance past it.</summary>
    private async Task<int> RepairMissingStepsAsync(SqliteConnection connection, SqliteTransaction transaction, string? jobId,
        CancellationToken cancellationToken)
    {
        var missing = new List<(string JobId, int Stage, int TotalStages, bool Completed)>();
        await using (var find = Command("JobsMissingNextStep", connection, transaction, ("job_id", jobId)))
        await using (var reader = await find.ExecuteReaderAsync(cancellationToken))
            while (await reader.ReadAsync(cancellationToken))
                missing.Add((reader.GetString(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt64(3) != 0));
        foreach (var (job, stage, total, completed) in missing)
        {
            // A completed stage that advanced before (its step lost, or dropped when the job ended)
            // gets the step back without a second stage_completed; one that never advanced (its job
            // had ended when the counter reached zero) advances now.
            if (completed && await AdvanceAsync(connection, transaction, job, stage, total, cancellationToken)) continue;
            var (kind, step) = !completed ? ("plan", stage) : stage < total ? ("plan", stage + 1) : ("finalize", stage);
            await ExecuteAsync("WorkEnqueue", connection, transaction, cancellationToken, ("job_id", job), ("kind", kind), ("stage", step));
        }
        return missing.Count;
    }

    /// <summary>
    /// One janitor round. SQLite has no try-lock to skip a round with: rounds of several workers run
    /// one after the other under the write lock, and the later ones find nothing left to do. So
    /// this store never returns null.
    /// </summary>
    public Task<JanitorReport?> JanitorRunAsync(CancellationToken cancellationToken) =>
        WriteAsync<JanitorReport?>(async (connection, transaction) =>
        {
            // Tasks that failed for good here count against their stage's tolerance, as a worker's report would.
            var failedTasks = new List<(string TaskId, string JobId, int Stage, string? Message)>();
            var rescued = 0;
            foreach (var (taskId, jobId, status, message, stage) in await JanitorRescueAsync(connection, transaction, cancellationToken))
            {
                rescued++;
                if (status == "failed") failedTasks.Add((taskId, jobId, stage, message));
            }
            var taskTimeouts = 0;
            foreach (var (taskId, jobId, message, stage) in await JanitorTaskTimeoutsAsync(connection, transaction, cancellationToken))
            {
                taskTimeouts++;
                failedTasks.Add((taskId, jobId, stage, message));
            }
            var failed = 0;
            foreach (var (taskId, jobId, stage, message) in failedTasks)
                if ((await FailedForGoodAsync(connection, transaction, jobId, stage, taskId, message ?? "", cancellationToken)).FailedJob)
                    failed++;
            var failures = new List<(string JobId, string Reason)>();
            var jobTimeouts = new List<(string JobId, TimeSpan Timeout)>();
            await using (var jobs = Command("JanitorJobTimeouts", connection, transaction))
            await using (var reader = await jobs.ExecuteReaderAsync(cancellationToken))
                while (await reader.ReadAsync(cancellationToken))
                    jobTimeouts.Add((reader.GetString(0), TimeSpan.FromMilliseconds(reader.GetInt64(1))));
            foreach (var (job, timeout) in jobTimeouts)
                failures.Add((job, LimitMessages.JobTimedOut(timeout)));

            foreach (var (job, reason) in failures)
                if (await FailJobAsync(connection, transaction, job, reason, cancellationToken)) failed++;
            var repaired = await RepairMissingStepsAsync(connection, transaction, null, cancellationToken);
            return new JanitorReport(rescued, taskTimeouts, jobTimeouts.Count, repaired, failed);
        }, cancellationToken, wakes: true);
}
