using System.Text.Json.Nodes;
using GeoOrchestration.Model;
using GeoOrchestration.Parameters;
using GeoOrchestration.Store;
using GeoOrchestration.Store.Relational;
using Microsoft.Data.Sqlite;

namespace GeoOrchestration.Sqlite;

public sealed partial class SqliteStore
{
    public async Task<WorkClaimOutcome> WorkClaimAsync(WorkClaimParams parameters, CancellationToken cancellationToken)
    {
        var (available, due) = await ReadAsync(async connection =>
        {
            await using var probe = Command("WorkAvailable", connection, null, Clock);
            await using var reader = await probe.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            return (reader.GetInt64(0) != 0, Due(reader, 1));
        }, cancellationToken);
        if (!available) return new WorkClaimOutcome([], due);
        return await WriteAsync(async (connection, transaction) =>
        {
            // Control work first, then tasks for the slots left: one transaction holds the only write
            // lock, so nothing claimed here has to be handed back. One instant for the claims and the
            // next due time: a task is either claimed or counted there.
            var now = Now();
            var items = new List<WorkItem>();
            var control = new List<(string JobId, string Kind, int Stage, int Attempts, string? TraceParent, string? TraceState)>();
            await using (var claim = Command("WorkClaim", connection, transaction,
                ("worker", parameters.WorkerId), ("limit", parameters.Limit), ("lease", Milliseconds(parameters.Lease)), ("now", now)))
            await using (var reader = await claim.ExecuteReaderAsync(cancellationToken))
                while (await reader.ReadAsync(cancellationToken))
                    control.Add((reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.GetInt32(3),
                        reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5)));
            foreach (var (jobId, kind, stage, attempts, traceParent, traceState) in control)
            {
                var job = await JobGetAsync(connection, transaction, jobId, cancellationToken);
                if (job is null) continue; // the foreign key cascade makes this impossible; be safe anyway
                items.Add(new WorkItem
                {
                    Kind = WorkKindNames.Parse(kind),
                    JobId = jobId,
                    Stage = stage,
                    JobType = job.JobType,
                    JobParameters = job.Parameters,
                    JobStatus = job.Status,
                    TotalStages = job.TotalStages,
                    Attempt = attempts,
                    TraceParent = traceParent,
                    TraceState = traceState,
                });
            }
            if (items.Count < parameters.Limit)
                items.AddRange(await ClaimTasksAsync(connection, transaction, parameters, parameters.Limit - items.Count, now, cancellationToken));
            await using var next = Command("TaskNextDue", connection, transaction, ("now", now));
            await using var dueReader = await next.ExecuteReaderAsync(cancellationToken);
            await dueReader.ReadAsync(cancellationToken);
            return new WorkClaimOutcome(items, Due(dueReader, 0));
        }, cancellationToken);
    }

    /// <summary>A "how long until due" column in milliseconds as a span; null when no task waits.</summary>
    private static TimeSpan? Due(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : TimeSpan.FromMilliseconds(reader.GetInt64(ordinal));

    internal async Task<IReadOnlyList<WorkItem>> ClaimTasksAsync(SqliteConnection connection, SqliteTransaction transaction, WorkClaimParams claim,
        int limit, long now, CancellationToken cancellationToken)
    {
        await using var command = Command("TaskClaim", connection, transaction,
            ("worker", claim.WorkerId), ("limit", limit), ("lease", Milliseconds(claim.Lease)), ("now", now));
        // Hot path: read on the raw driver, not through the shared row types (see StoreRowReader):
        // a claim runs per batch of tasks, and an intermediate row per task would double its allocations.
        var tasks = new List<WorkItem>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            tasks.Add(new WorkItem
            {
                Kind = WorkKind.RunTask,
                TaskId = reader.GetString(reader.GetOrdinal("task_id")),
                JobId = reader.GetString(reader.GetOrdinal("job_id")),
                Stage = reader.GetInt32(reader.GetOrdinal("stage")),
                TaskType = reader.GetString(reader.GetOrdinal("task_type")),
                TaskParameters = JsonNode.Parse(reader.GetString(reader.GetOrdinal("parameters")))!.AsObject(),
                Attempt = reader.GetInt32(reader.GetOrdinal("attempts")),
                MaxAttempts = reader.GetInt32(reader.GetOrdinal("max_attempts")),
                TaskTimeout = SqliteRows.Span(reader, "timeout"),
                JobStatus = StatusNames.ParseJob(reader.GetString(reader.GetOrdinal("job_status"))),
                TraceParent = NullableText(reader, reader.GetOrdinal("traceparent")),
                TraceState = NullableText(reader, reader.GetOrdinal("tracestate")),
            });
        return tasks;
    }

    private static string? NullableText(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public Task<IReadOnlyList<TaskRecord>> TaskListAsync(TaskListParams parameters, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<TaskRecord>>(async connection =>
        {
            await using var command = Command("TaskList", connection, null, ("job_id", parameters.JobId),
                ("status", parameters.Status is { } status ? StatusNames.ToName(status) : null),
                ("from_stage", parameters.From.Stage), ("from_ordinal", parameters.From.Ordinal), ("to_stage", parameters.ToStage),
                ("limit", parameters.Limit), ("skip", parameters.Skip));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await StoreRowReader.ReadAsync(reader, static (TaskRow row) => row.ToRecord(), cancellationToken);
        }, cancellationToken);

    public Task<TaskRecord?> TaskGetAsync(TaskGetParams parameters, CancellationToken cancellationToken) =>
        ReadAsync(async connection =>
        {
            await using var command = Command("TaskGet", connection, null, ("task_id", parameters.TaskId));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await StoreRowReader.ReadFirstAsync(reader, static (TaskRow row) => row.ToRecord(), cancellationToken);
        }, cancellationToken);
}
