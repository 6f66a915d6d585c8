using GeoOrchestration.Model;
using Npgsql;

namespace GeoOrchestration.Postgres;

/// <summary>
/// The janitor's two task steps. Each first locks the attempts it will end, then ends exactly those
/// attempts (compare-and-set on the attempt number) with a reason worded by <see cref="LimitMessages"/>,
/// which states the limit as configured; SQL cannot share that wording, so it takes two statements.
/// </summary>
public sealed partial class PostgresStore
{
    /// <summary>Returns expired leases to the queue (or fails or cancels their tasks); the rows it changed.</summary>
    private async Task<List<(string TaskId, string JobId, string Status, string? Message, int Stage)>> JanitorRescueAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        var expired = new List<(string TaskId, int Attempt, bool JobEnded, string Message)>();
        await using (var find = Command("JanitorExpiredLeases", connection, transaction))
        await using (var reader = await find.ExecuteReaderAsync(cancellationToken))
            while (await reader.ReadAsync(cancellationToken))
            {
                var lease = reader.IsDBNull(4) ? (TimeSpan?)null : reader.GetFieldValue<TimeSpan>(4);
                expired.Add((reader.GetString(0), reader.GetInt32(1), reader.GetBoolean(5),
                    LimitMessages.LeaseExpired(reader.GetString(3), reader.GetInt32(1), reader.GetInt32(2), lease)));
            }
        var changed = new List<(string, string, string, string?, int)>(expired.Count);
        if (expired.Count == 0) return changed;
        await using var rescue = Command("JanitorRescue", connection, transaction);
        rescue.Parameters.AddWithValue("task_ids", expired.Select(e => e.TaskId).ToArray());
        rescue.Parameters.AddWithValue("attempts", expired.Select(e => e.Attempt).ToArray());
        rescue.Parameters.AddWithValue("job_ended", expired.Select(e => e.JobEnded).ToArray());
        rescue.Parameters.AddWithValue("messages", expired.Select(e => e.Message).ToArray());
        await using var rows = await rescue.ExecuteReaderAsync(cancellationToken);
        while (await rows.ReadAsync(cancellationToken))
            changed.Add((rows.GetString(0), rows.GetString(1), rows.GetString(2), rows.IsDBNull(3) ? null : rows.GetString(3), rows.GetInt32(4)));
        return changed;
    }

    /// <summary>Fails attempts that ran past their task timeout; the rows it changed.</summary>
    private async Task<List<(string TaskId, string JobId, string Message, int Stage)>> JanitorTaskTimeoutsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        var overdue = new List<(string TaskId, int Attempt, string Message)>();
        await using (var find = Command("JanitorOverdueTasks", connection, transaction))
        await using (var reader = await find.ExecuteReaderAsync(cancellationToken))
            while (await reader.ReadAsync(cancellationToken))
                overdue.Add((reader.GetString(0), reader.GetInt32(1), LimitMessages.TaskTimedOut(reader.GetFieldValue<TimeSpan>(2))));
        var changed = new List<(string, string, string, int)>(overdue.Count);
        if (overdue.Count == 0) return changed;
        await using var fail = Command("JanitorTaskTimeouts", connection, transaction);
        fail.Parameters.AddWithValue("task_ids", overdue.Select(o => o.TaskId).ToArray());
        fail.Parameters.AddWithValue("attempts", overdue.Select(o => o.Attempt).ToArray());
        fail.Parameters.AddWithValue("messages", overdue.Select(o => o.Message).ToArray());
        await using var rows = await fail.ExecuteReaderAsync(cancellationToken);
        while (await rows.ReadAsync(cancellationToken)) changed.Add((rows.GetString(0), rows.GetString(1), rows.GetString(2), rows.GetInt32(3)));
        return changed;
    }
}
