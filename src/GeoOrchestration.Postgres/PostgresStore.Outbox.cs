using System.Text.Json.Nodes;
using GeoOrchestration.Errors;
using GeoOrchestration.Model;
using GeoOrchestration.Store;
using Npgsql;
using NpgsqlTypes;

namespace GeoOrchestration.Postgres;

/// <summary>
/// The outbox of a message transport (<see cref="IGeoStoreOutbox"/>, migration 0018): the ready rows
/// themselves, listed, marked as dispatched and claimed by name with the queries of
/// <c>sql/postgres/queries/outbox.sql</c>; and the call after each commit that made work ready.
/// </summary>
public sealed partial class PostgresStore : IGeoStoreOutbox
{
    // Copy on write: the commit path reads the array without a lock; subscribing is rare.
    private Action[] _workCommitted = [];

    public IDisposable WorkCommittedSubscribe(Action onCommitted)
    {
        ArgumentNullException.ThrowIfNull(onCommitted);
        Update(list => [.. list, onCommitted]);
        return new Subscription(() => Update(list => list.Where(a => !ReferenceEquals(a, onCommitted)).ToArray()));

        void Update(Func<Action[], Action[]> change)
        {
            Action[] seen, next;
            do
            {
                seen = Volatile.Read(ref _workCommitted);
                next = change(seen);
            } while (!ReferenceEquals(Interlocked.CompareExchange(ref _workCommitted, next, seen), seen));
        }
    }

    /// <summary>
    /// Tells the subscribers that a commit made work ready. The commit stands whatever a subscriber
    /// does, so one that throws (against its contract) is not allowed to turn it into a failure: what
    /// it failed to send, the sweeper sends.
    /// </summary>
    internal void OnWorkCommitted()
    {
        foreach (var subscriber in Volatile.Read(ref _workCommitted))
        {
            try { subscriber(); }
            catch (Exception) { /* see above */ }
        }
    }

    public Task<IReadOnlyList<OutboxEntry>> OutboxListAsync(OutboxListParams parameters, CancellationToken cancellationToken)
    {
        if (parameters.Limit < 1)
            throw new GeoValidationException("limit", "minimum", $"'limit' must be at least 1; got {parameters.Limit}.");
        if (parameters.ReadyFor < TimeSpan.Zero)
            throw new GeoValidationException("ready_for", "minimum", $"'ready_for' must not be negative; got {DurationText.Format(parameters.ReadyFor)}.");
        if (parameters.StrandedAfter is { } stranded && stranded < TimeSpan.Zero)
            throw new GeoValidationException("stranded_after", "minimum", $"'stranded_after' must not be negative; got {DurationText.Format(stranded)}.");
        return WithConnectionAsync<IReadOnlyList<OutboxEntry>>(async connection =>
        {
            await using var list = ClockedCommand("OutboxList", connection);
            list.Parameters.AddWithValue("limit", parameters.Limit);
            list.Parameters.Add(new NpgsqlParameter("ready_for", NpgsqlDbType.Interval) { Value = parameters.ReadyFor });
            list.Parameters.Add(new NpgsqlParameter("stranded_after", NpgsqlDbType.Interval) { Value = (object?)parameters.StrandedAfter ?? DBNull.Value });
            var entries = new List<OutboxEntry>();
            await using var reader = await list.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var kind = reader.GetString(0);
                var attempt = new WorkAttempt(kind == "task" ? WorkKind.RunTask : WorkKindNames.Parse(kind), reader.GetString(1),
                    reader.GetInt32(2), reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetInt32(4));
                entries.Add(new OutboxEntry(attempt, reader.GetFieldValue<TimeSpan>(5), reader.GetFieldValue<TimeSpan>(6)));
            }
            return entries;
        }, cancellationToken);
    }

    public Task<int> OutboxMarkAsync(OutboxMarkParams parameters, CancellationToken cancellationToken)
    {
        var (tasks, control) = Split(parameters.Attempts);
        if (tasks.Count + control.Count == 0) return Task.FromResult(0);
        return WithConnectionAsync(async connection =>
        {
            await using var batch = new NpgsqlBatch(connection);
            if (tasks.Count > 0) batch.BatchCommands.Add(ClockedBatchCommand("OutboxMarkTasks", TaskKeys(tasks)));
            if (control.Count > 0) batch.BatchCommands.Add(ClockedBatchCommand("OutboxMarkControl", ControlKeys(control)));
            // The rows both statements changed.
            return await batch.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);
    }

    public Task<WorkClaimOutcome> WorkClaimNamedAsync(WorkClaimNamedParams parameters, CancellationToken cancellationToken)
    {
        var (tasks, control) = Split(parameters.Attempts);
        if (tasks.Count + control.Count == 0) return Task.FromResult(new WorkClaimOutcome([], null));
        return WithConnectionAsync(async connection =>
        {
            var lease = new (string, object)[] { ("worker", parameters.WorkerId), ("lease", parameters.Lease) };
            // Control work first, as WorkClaim returns it: one round trip for both.
            await using var batch = new NpgsqlBatch(connection);
            if (control.Count > 0) batch.BatchCommands.Add(ClockedBatchCommand("WorkClaimNamedControl", [.. ControlKeys(control), .. lease]));
            if (tasks.Count > 0) batch.BatchCommands.Add(ClockedBatchCommand("WorkClaimNamedTasks", [.. TaskKeys(tasks), .. lease]));
            var items = new List<WorkItem>();
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            do
            {
                // Only the task claim's rows start with a task id.
                var taskRows = reader.FieldCount > 0 && reader.GetName(0) == "task_id";
                while (await reader.ReadAsync(cancellationToken)) items.Add(taskRows ? ClaimedTask(reader) : ClaimedControl(reader));
            } while (await reader.NextResultAsync(cancellationToken));
            return new WorkClaimOutcome(items, null);
        }, cancellationToken);
    }

    public Task<OutboxBacklog> OutboxBacklogAsync(OutboxBacklogParams parameters, CancellationToken cancellationToken) =>
        WithConnectionAsync(async connection =>
        {
            await using var backlog = ClockedCommand("OutboxBacklog", connection);
            backlog.Parameters.Add(new NpgsqlParameter("job_id", NpgsqlDbType.Text) { Value = (object?)parameters.JobId ?? DBNull.Value });
            await using var reader = await backlog.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            return new OutboxBacklog(reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetFieldValue<TimeSpan>(1));
        }, cancellationToken);

    /// <summary>A control item's row as WorkClaim returns it.</summary>
    internal static WorkItem ClaimedControl(NpgsqlDataReader reader) => new()
    {
        Kind = WorkKindNames.Parse(reader.GetString(1)),
        JobId = reader.GetString(0),
        Stage = reader.GetInt32(2),
        JobType = reader.GetString(3),
        JobParameters = JsonNode.Parse(reader.GetString(4))!.AsObject(),
        JobStatus = StatusNames.ParseJob(reader.GetString(5)),
        TotalStages = reader.GetInt32(6),
        Attempt = reader.GetInt32(7),
        TraceParent = reader.IsDBNull(8) ? null : reader.GetString(8),
        TraceState = reader.IsDBNull(9) ? null : reader.GetString(9),
    };

    private static (List<WorkAttempt> Tasks, List<WorkAttempt> Control) Split(IReadOnlyList<WorkAttempt> attempts)
    {
        var tasks = new List<WorkAttempt>();
        var control = new List<WorkAttempt>();
        foreach (var attempt in attempts)
        {
            if (attempt.Kind != WorkKind.RunTask) control.Add(attempt);
            else if (attempt.TaskId is null) throw new GeoValidationException("task_id", "required", $"A task attempt of job {attempt.JobId} names no task.");
            else tasks.Add(attempt);
        }
        // One lock order for every caller (as completions take task rows, by id), so two named claims or
        // marks of overlapping attempts wait on each other instead of deadlocking.
        tasks.Sort((a, b) => string.CompareOrdinal(a.TaskId, b.TaskId));
        control.Sort((a, b) =>
        {
            var order = string.CompareOrdinal(a.JobId, b.JobId);
            if (order == 0) order = a.Kind.CompareTo(b.Kind);
            return order != 0 ? order : a.Stage.CompareTo(b.Stage);
        });
        return (tasks, control);
    }

    private static (string, object)[] TaskKeys(List<WorkAttempt> tasks) =>
    [
        ("task_ids", tasks.Select(a => a.TaskId!).ToArray()),
        ("turns", tasks.Select(a => a.Turn).ToArray()),
    ];

    private static (string, object)[] ControlKeys(List<WorkAttempt> control) =>
    [
        ("job_ids", control.Select(a => a.JobId).ToArray()),
        ("kinds", control.Select(a => WorkKindNames.ToName(a.Kind)).ToArray()),
        ("stages", control.Select(a => a.Stage).ToArray()),
        ("turns", control.Select(a => a.Turn).ToArray()),
    ];

    /// <summary>What <see cref="WorkCommittedSubscribe"/> returns.</summary>
    private sealed class Subscription(Action unsubscribe) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) unsubscribe();
        }
    }
}
