using GeoOrchestration.Identity;
using GeoOrchestration.Model;
using GeoOrchestration.Store;
using Npgsql;
using NpgsqlTypes;

namespace GeoOrchestration.Postgres;

/// <summary>
/// The steps the engine composes in one PostgreSQL transaction (<see cref="PostgresStore.ExecuteAsync"/>):
/// each is one round trip (planning two, plus COPY for a large stage) on the transaction's connection,
/// with SQL from the named queries. Split over partial files by the flow they serve; what a step's
/// outcome leads to is decided in <see cref="Engine.EngineSteps"/>, never here.
/// </summary>
internal sealed partial class PostgresStoreTransaction(PostgresStore store, NpgsqlConnection connection, NpgsqlTransaction transaction)
    : IGeoStoreTransaction
{
    private NpgsqlCommand Command(string query) => store.Command(query, connection, transaction);

    /// <summary>A named query that reads the clock, given the store's (<see cref="PostgresStore.ClockedCommand"/>).</summary>
    private NpgsqlCommand ClockedCommand(string query) => store.ClockedCommand(query, connection, transaction);

    /// <summary>Runs a named query with a job id as its only parameter; the rows it changed.</summary>
    private async Task<int> ExecuteForJobAsync(string query, string jobId, CancellationToken cancellationToken)
    {
        await using var command = Command(query);
        command.Parameters.AddWithValue("job_id", jobId);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public Task<JobRecord?> JobGetAsync(JobGetParams parameters, CancellationToken cancellationToken) =>
        store.JobGetAsync(connection, parameters.JobId, cancellationToken);

    public async Task<JobEndStatus> JobEndAsync(JobEndParams parameters, CancellationToken cancellationToken)
    {
        var (query, reasonName) = parameters.Status switch
        {
            JobStatus.Failed => ("JobFail", "error"),
            JobStatus.Cancelled => ("JobCancel", "reason"),
            _ => throw new ArgumentOutOfRangeException(nameof(parameters), parameters.Status,
                "A job ends as failed or cancelled here; finalize ends it otherwise (JobCompleteAsync)."),
        };
        await using var end = ClockedCommand(query);
        end.Parameters.AddWithValue("job_id", parameters.JobId);
        end.Parameters.AddWithValue(reasonName, parameters.Reason);
        return await end.ExecuteScalarAsync(cancellationToken) is null ? JobEndStatus.NotLive : JobEndStatus.Ended;
    }

    public async Task<JobEndStatus> JobCompleteAsync(JobCompleteParams parameters, CancellationToken cancellationToken)
    {
        await using var complete = ClockedCommand("JobComplete");
        complete.Parameters.AddWithValue("job_id", parameters.JobId);
        complete.Parameters.AddWithValue("status", StatusNames.ToName(parameters.Status));
        complete.Parameters.Add(new NpgsqlParameter("result", NpgsqlDbType.Text)
            { Value = parameters.Result is null ? DBNull.Value : Parameters.CanonicalJson.SerializeToString(parameters.Result) });
        return await complete.ExecuteScalarAsync(cancellationToken) is null ? JobEndStatus.NotLive : JobEndStatus.Ended;
    }

    public async Task<int?> JobRetryStartAsync(JobRetryStartParams parameters, CancellationToken cancellationToken)
    {
        await using var retry = ClockedCommand("JobRetry");
        retry.Parameters.AddWithValue("job_id", parameters.JobId);
        retry.Parameters.AddWithValue("expected", StatusNames.ToName(parameters.Expected));
        retry.Parameters.Add(new NpgsqlParameter("task_timeout", NpgsqlDbType.Interval) { Value = (object?)parameters.TaskTimeout ?? DBNull.Value });
        retry.Parameters.Add(new NpgsqlParameter("job_timeout", NpgsqlDbType.Interval) { Value = (object?)parameters.JobTimeout ?? DBNull.Value });
        return await retry.ExecuteScalarAsync(cancellationToken) as int?;
    }

    public async Task JobEventInsertAsync(JobEventInsertParams parameters, CancellationToken cancellationToken)
    {
        await using var command = ClockedCommand("JobEventInsert");
        command.Parameters.AddWithValue("job_id", parameters.JobId);
        command.Parameters.Add(new NpgsqlParameter("stage", NpgsqlDbType.Integer) { Value = (object?)parameters.Stage ?? DBNull.Value });
        command.Parameters.AddWithValue("kind", JobEventKinds.ToName(parameters.Kind));
        command.Parameters.Add(new NpgsqlParameter("detail", NpgsqlDbType.Text) { Value = (object?)parameters.Detail?.ToJsonString() ?? DBNull.Value });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<int> TasksCancelForJobAsync(JobRef parameters, CancellationToken cancellationToken)
    {
        await using var cancel = Command("TasksCancelForJob");
        cancel.Parameters.AddWithValue("job_id", parameters.JobId);
        PostgresStore.AddTaskIds(cancel, JobIdentity.TaskIdsOf(parameters.JobId));
        return await cancel.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<int> WorkDeleteAsync(WorkDeleteParams parameters, CancellationToken cancellationToken)
    {
        if (parameters.Kind is not { } kind)
        {
            if (parameters.Stage is not null)
                throw new ArgumentException("A work item's stage names it only with its kind.", nameof(parameters));
            var deleted = await ExecuteForJobAsync("WorkDeleteForJob", parameters.JobId, cancellationToken);
            // All of a job's work goes when the job ends (fail, cancel), and with it the job's stage rows
            // are locked, a rule of this store's row locks rather than of the flow.
            // After the tasks (the order completions take rows in): see StagesLockForJob.
            await ExecuteForJobAsync("StagesLockForJob", parameters.JobId, cancellationToken);
            return deleted;
        }
        await using var delete = Command(parameters.Stage is null ? "WorkDeleteKind" : "WorkDelete");
        delete.Parameters.AddWithValue("job_id", parameters.JobId);
        delete.Parameters.AddWithValue("kind", WorkKindNames.ToName(kind));
        if (parameters.Stage is { } stage) delete.Parameters.AddWithValue("stage", stage);
        return await delete.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task WorkEnqueueAsync(WorkEnqueueParams parameters, CancellationToken cancellationToken)
    {
        await using var enqueue = ClockedCommand("WorkEnqueue");
        enqueue.Parameters.AddWithValue("job_id", parameters.JobId);
        enqueue.Parameters.AddWithValue("kind", WorkKindNames.ToName(parameters.Step.Kind));
        enqueue.Parameters.AddWithValue("stage", parameters.Step.Stage);
        await enqueue.ExecuteNonQueryAsync(cancellationToken);
    }

    public Task WorkersWakeAsync(WorkersWakeParams parameters, CancellationToken cancellationToken)
    {
        var payload = parameters.Wake switch
        {
            WorkWake.Tasks => "tasks",
            WorkWake.Control => "job",
            _ => throw new ArgumentOutOfRangeException(nameof(parameters), parameters.Wake, "Unknown wake-up."),
        };
        // Every step that makes work ready (or schedules a retry) asks for a wake-up: the same steps
        // have a relay send it once committed (PostgresStore.ExecuteAsync, IGeoStoreOutbox.WorkCommittedSubscribe).
        WorkMadeReady = true;
        return store.NotifyAsync(connection, transaction, payload, cancellationToken);
    }

    /// <summary>A step of this transaction asked for a wake-up: it made work ready or scheduled it.</summary>
    internal bool WorkMadeReady { get; private set; }
}
