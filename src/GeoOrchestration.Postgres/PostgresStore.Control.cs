using GeoOrchestration.Model;
using GeoOrchestration.Store;
using Npgsql;
using NpgsqlTypes;

namespace GeoOrchestration.Postgres;

/// <summary>Operator actions (cancel, retry) and the janitor.</summary>
public sealed partial class PostgresStore
{
    public Task<JobChangeOutcome> JobCancelAsync(string jobId, string reason, CancellationToken cancellationToken) =>
        InTransactionAsync(async (connection, transaction) =>
        {
            await using (var cancel = Command("JobCancel", connection, transaction))
            {
                cancel.Parameters.AddWithValue("job_id", jobId);
                cancel.Parameters.AddWithValue("reason", reason);
                if (await cancel.ExecuteScalarAsync(cancellationToken) is null)
                    return await UnchangedAsync(connection, jobId, cancellationToken);
            }
            var cancelled = await ExecuteCountAsync("TasksCancelForJob", connection, transaction, jobId, cancellationToken);
            await ExecuteCountAsync("WorkDeleteForJob", connection, transaction, jobId, cancellationToken);
            await ExecuteCountAsync("StagesLockForJob", connection, transaction, jobId, cancellationToken);
            await EventAsync(connection, transaction, jobId, null, "cancelled", null, cancellationToken);
            return new JobChangeOutcome(JobChangeStatus.Changed, await JobGetAsync(connection, jobId, cancellationToken), cancelled);
        }, cancellationToken);

    public Task<JobChangeOutcome> JobRetryAsync(string jobId, CancellationToken cancellationToken) =>
        InTransactionAsync(async (connection, transaction) =>
        {
            int stage;
            await using (var retry = Command("JobRetry", connection, transaction))
            {
                retry.Parameters.AddWithValue("job_id", jobId);
                if (await retry.ExecuteScalarAsync(cancellationToken) is not int s)
                    return await UnchangedAsync(connection, jobId, cancellationToken);
                stage = s;
            }
            // The failures the stage tolerated run again too: they leave its counts first.
            await using (var reopen = Command("StageReopenFailures", connection, transaction))
            {
                reopen.Parameters.AddWithValue("job_id", jobId);
                reopen.Parameters.AddWithValue("stage", stage);
                await reopen.ExecuteNonQueryAsync(cancellationToken);
            }
            int requeued;
            await using (var requeue = Command("TasksRequeueForStage", connection, transaction))
            {
                requeue.Parameters.AddWithValue("job_id", jobId);
                requeue.Parameters.AddWithValue("stage", stage);
                requeued = 0;
                await using var reader = await requeue.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken)) requeued++;
            }
            // A job that failed between stages (or while planning) has no task to requeue: give it its next step.
            await RepairMissingStepsAsync(connection, transaction, jobId, cancellationToken);
            await EventAsync(connection, transaction, jobId, stage, "retried", $"{{\"tasks\":{requeued}}}", cancellationToken);
            await NotifyAsync(connection, transaction, "tasks", cancellationToken);
            return new JobChangeOutcome(JobChangeStatus.Changed, await JobGetAsync(connection, jobId, cancellationToken), requeued);
        }, cancellationToken);

    private async Task<JobChangeOutcome> UnchangedAsync(NpgsqlConnection connection, string jobId, CancellationToken cancellationToken)
    {
        var job = await JobGetAsync(connection, jobId, cancellationToken);
        return new JobChangeOutcome(job is null ? JobChangeStatus.NotFound : JobChangeStatus.WrongStatus, job);
    }

    /// <summary>Gives every live job without pending work the step it lacks: plan its stage, or advance past it.</summary>
    private async Task<int> RepairMissingStepsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string? jobId,
        CancellationToken cancellationToken)
    {
        var missing = new List<(string JobId, int Stage, int TotalStages, bool Completed)>();
        await using (var find = Command("JobsMissingNextStep", connection, transaction))
        {
            find.Parameters.Add(new NpgsqlParameter("job_id", NpgsqlDbType.Text) { Value = (object?)jobId ?? DBNull.Value });
            await using var reader = await find.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                missing.Add((reader.GetString(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetBoolean(3)));
        }
        foreach (var (job, stage, total, completed) in missing)
        {
            // A completed stage that advanced before (its step lost, or dropped when the job ended)
            // gets the step back without a second stage_completed; one that never advanced (its job
            // had ended when the counter reached zero) advances now.
            if (completed && await AdvanceAsync(connection, transaction, job, stage, total, cancellationToken)) continue;
            var (kind, step) = !completed ? ("plan", stage) : stage < total ? ("plan", stage + 1) : ("finalize", stage);
            await using var enqueue = Command("WorkEnqueue", connection, transaction);
            enqueue.Parameters.AddWithValue("job_id", job);
            enqueue.Parameters.AddWithValue("kind", kind);
            enqueue.Parameters.AddWithValue("stage", step);
            await enqueue.ExecuteNonQueryAsync(cancellationToken);
        }
        if (missing.Count > 0) await NotifyAsync(connection, transaction, "job", cancellationToken);
        return missing.Count;
    }

    public Task<JanitorReport?> JanitorRunAsync(CancellationToken cancellationToken) =>
        InTransactionAsync<JanitorReport?>(async (connection, transaction) =>
        {
            await using (var gate = Command("JanitorLock", connection, transaction))
            {
                gate.Parameters.AddWithValue("schema_name", Schema.Value);
                if (!(bool)(await gate.ExecuteScalarAsync(cancellationToken))!) return null;
            }
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
                    jobTimeouts.Add((reader.GetString(0), reader.GetFieldValue<TimeSpan>(1)));
            foreach (var (job, timeout) in jobTimeouts)
                failures.Add((job, LimitMessages.JobTimedOut(timeout)));

            foreach (var (job, reason) in failures)
                if (await FailJobAsync(connection, transaction, job, reason, cancellationToken)) failed++;
            var repaired = await RepairMissingStepsAsync(connection, transaction, null, cancellationToken);
            if (rescued > 0) await NotifyAsync(connection, transaction, "tasks", cancellationToken);
            return new JanitorReport(rescued, taskTimeouts, jobTimeouts.Count, repaired, failed);
        }, cancellationToken);

    private async Task<int> ExecuteCountAsync(string query, NpgsqlConnection connection, NpgsqlTransaction transaction, string jobId,
        CancellationToken cancellationToken)
    {
        await using var command = Command(query, connection, transaction);
        command.Parameters.AddWithValue("job_id", jobId);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
