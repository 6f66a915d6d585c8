using GeoOrchestration.Model;
using GeoOrchestration.Store;
using GeoOrchestration.Store.Relational;
using Npgsql;
using NpgsqlTypes;

namespace GeoOrchestration.Postgres;

/// <summary>
/// The janitor's steps. Each task step comes in two: the first locks the attempts it finds, the
/// second ends exactly those attempts (compare-and-set on the attempt number) with the reason the
/// engine worded for each, which SQL cannot share.
/// </summary>
internal sealed partial class PostgresStoreTransaction
{
    public async Task<JanitorLockStatus> JanitorLockAsync(CancellationToken cancellationToken)
    {
        await using var gate = Command("JanitorLock");
        gate.Parameters.AddWithValue("schema_name", store.Schema.Value);
        return (bool)(await gate.ExecuteScalarAsync(cancellationToken))! ? JanitorLockStatus.Acquired : JanitorLockStatus.HeldElsewhere;
    }

    public async Task<IReadOnlyList<ExpiredLease>> LeasesExpiredAsync(CancellationToken cancellationToken)
    {
        var expired = new List<ExpiredLease>();
        await using var find = ClockedCommand("JanitorExpiredLeases");
        await using var reader = await find.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            expired.Add(new ExpiredLease(reader.GetString(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetFieldValue<TimeSpan>(4), reader.GetBoolean(5)));
        return expired;
    }

    public async Task<IReadOnlyList<RescuedTask>> LeasesRescueAsync(LeasesRescueParams parameters, CancellationToken cancellationToken)
    {
        var leases = parameters.Leases;
        var changed = new List<RescuedTask>(leases.Count);
        if (leases.Count == 0) return changed;
        await using var rescue = ClockedCommand("JanitorRescue");
        rescue.Parameters.AddWithValue("task_ids", leases.Select(e => e.TaskId).ToArray());
        rescue.Parameters.AddWithValue("attempts", leases.Select(e => e.Attempt).ToArray());
        rescue.Parameters.AddWithValue("statuses", leases.Select(e => RescueStatus.Name(e.Outcome)).ToArray());
        rescue.Parameters.AddWithValue("messages", leases.Select(e => e.Message).ToArray());
        await using var rows = await rescue.ExecuteReaderAsync(cancellationToken);
        while (await rows.ReadAsync(cancellationToken))
            changed.Add(new RescuedTask(rows.GetString(0), rows.GetString(1), rows.GetInt32(4), StatusNames.ParseTask(rows.GetString(2)),
                rows.IsDBNull(3) ? null : rows.GetString(3)));
        return changed;
    }

    public async Task<IReadOnlyList<OverdueTask>> TasksOverdueAsync(CancellationToken cancellationToken)
    {
        var overdue = new List<OverdueTask>();
        await using var find = ClockedCommand("JanitorOverdueTasks");
        await using var reader = await find.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            overdue.Add(new OverdueTask(reader.GetString(0), reader.GetInt32(1), reader.GetFieldValue<TimeSpan>(2)));
        return overdue;
    }

    public async Task<IReadOnlyList<FailedTask>> TasksTimeOutAsync(TasksTimeOutParams parameters, CancellationToken cancellationToken)
    {
        var tasks = parameters.Tasks;
        var changed = new List<FailedTask>(tasks.Count);
        if (tasks.Count == 0) return changed;
        await using var fail = ClockedCommand("JanitorTaskTimeouts");
        fail.Parameters.AddWithValue("task_ids", tasks.Select(o => o.TaskId).ToArray());
        fail.Parameters.AddWithValue("attempts", tasks.Select(o => o.Attempt).ToArray());
        fail.Parameters.AddWithValue("messages", tasks.Select(o => o.Message).ToArray());
        await using var rows = await fail.ExecuteReaderAsync(cancellationToken);
        while (await rows.ReadAsync(cancellationToken))
            changed.Add(new FailedTask(rows.GetString(0), rows.GetString(1), rows.GetInt32(3), rows.GetString(2)));
        return changed;
    }

    public async Task<IReadOnlyList<OverdueJob>> JobsOverdueAsync(CancellationToken cancellationToken)
    {
        var overdue = new List<OverdueJob>();
        await using var jobs = ClockedCommand("JanitorJobTimeouts");
        await using var reader = await jobs.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) overdue.Add(new OverdueJob(reader.GetString(0), reader.GetFieldValue<TimeSpan>(1)));
        return overdue;
    }

    public async Task<IReadOnlyList<MissingStep>> JobsMissingNextStepAsync(JobsMissingNextStepParams parameters, CancellationToken cancellationToken)
    {
        var missing = new List<MissingStep>();
        await using var find = Command("JobsMissingNextStep");
        find.Parameters.Add(new NpgsqlParameter("job_id", NpgsqlDbType.Text) { Value = (object?)parameters.JobId ?? DBNull.Value });
        await using var reader = await find.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            missing.Add(new MissingStep(reader.GetString(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetBoolean(3)));
        return missing;
    }
}
