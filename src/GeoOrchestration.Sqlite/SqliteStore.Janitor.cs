using GeoOrchestration.Model;
using Microsoft.Data.Sqlite;

namespace GeoOrchestration.Sqlite;

/// <summary>
/// The janitor's two task steps. Each first reads the attempts it will end, then ends exactly those
/// attempts (compare-and-set on the attempt number) with a reason worded by <see cref="LimitMessages"/>,
/// which states the limit as configured, in the same words as every other store.
/// </summary>
public sealed partial class SqliteStore
{
    /// <summary>Returns expired leases to the queue (or fails or cancels their tasks); the rows it changed.</summary>
    private async Task<List<(string TaskId, string JobId, string Status, string? Message, int Stage)>> JanitorRescueAsync(
        SqliteConnection connection, SqliteTransaction transaction, CancellationToken cancellationToken)
    {
        var expired = new List<(string TaskId, int Attempt, bool JobEnded, string Message)>();
        await using (var find = Command("JanitorExpiredLeases", connection, transaction))
        await using (var reader = await find.ExecuteReaderAsync(cancellationToken))
            while (await reader.ReadAsync(cancellationToken))
            {
                var lease = reader.IsDBNull(4) ? (TimeSpan?)null : TimeSpan.FromMilliseconds(reader.GetInt64(4));
                expired.Add((reader.GetString(0), reader.GetInt32(1), reader.GetInt64(5) != 0,
                    LimitMessages.LeaseExpired(reader.GetString(3), reader.GetInt32(1), reader.GetInt32(2), lease)));
            }
        var changed = new List<(string, string, string, string?, int)>(expired.Count);
        if (expired.Count == 0) return changed;
        await using var rescue = Command("JanitorRescue", connection, transaction,
            ("task_id", ""), ("attempt", 0), ("job_ended", false), ("message", ""));
        foreach (var (taskId, attempt, jobEnded, message) in expired)
        {
            rescue.Parameters["@task_id"].Value = taskId;
            rescue.Parameters["@attempt"].Value = attempt;
            rescue.Parameters["@job_ended"].Value = jobEnded;
            rescue.Parameters["@message"].Value = message;
            await using var rows = await rescue.ExecuteReaderAsync(cancellationToken);
            if (await rows.ReadAsync(cancellationToken))
                changed.Add((rows.GetString(0), rows.GetString(1), rows.GetString(2), rows.IsDBNull(3) ? null : rows.GetString(3), rows.GetInt32(4)));
        }
        return changed;
    }

    /// <summary>Fails attempts that ran past their task timeout; the rows it changed.</summary>
    private async Task<List<(string TaskId, string JobId, string Message, int Stage)>> JanitorTaskTimeoutsAsync(
        SqliteConnection connection, SqliteTransaction transaction, CancellationToken cancellationToken)
    {
        var overdue = new List<(string TaskId, int Attempt, string Message)>();
        await using (var find = Command("JanitorOverdueTasks", connection, transaction))
        await using (var reader = await find.ExecuteReaderAsync(cancellationToken))
            while (await reader.ReadAsync(cancellationToken))
                overdue.Add((reader.GetString(0), reader.GetInt32(1), LimitMessages.TaskTimedOut(TimeSpan.FromMilliseconds(reader.GetInt64(2)))));
        var changed = new List<(string, string, string, int)>(overdue.Count);
        if (overdue.Count == 0) return changed;
        await using var fail = Command("JanitorTaskTimeout", connection, transaction, ("task_id", ""), ("attempt", 0), ("message", ""));
        foreach (var (taskId, attempt, message) in overdue)
        {
            fail.Parameters["@task_id"].Value = taskId;
            fail.Parameters["@attempt"].Value = attempt;
            fail.Parameters["@message"].Value = message;
            await using var rows = await fail.ExecuteReaderAsync(cancellationToken);
            if (await rows.ReadAsync(cancellationToken)) changed.Add((rows.GetString(0), rows.GetString(1), rows.GetString(2), rows.GetInt32(3)));
        }
        return changed;
    }
}
