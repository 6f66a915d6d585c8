using System.Text.Json.Nodes;
using GeoOrchestration.Model;
using Npgsql;

namespace GeoOrchestration.Postgres;

/// <summary>Maps rows of the job and task queries (their column order) to engine records.</summary>
internal static class PostgresRows
{
    public static JobRecord Job(NpgsqlDataReader r) => new()
    {
        JobId = r.GetString(0),
        JobType = r.GetString(1),
        Parameters = JsonNode.Parse(r.GetString(2))!.AsObject(),
        Status = StatusNames.ParseJob(r.GetString(3)),
        Stage = r.GetInt32(4),
        TotalStages = r.GetInt32(5),
        Result = r.IsDBNull(6) ? null : JsonNode.Parse(r.GetString(6)),
        Error = r.IsDBNull(7) ? null : r.GetString(7),
        Created = Time(r, 8)!.Value,
        Updated = Time(r, 9)!.Value,
        Completed = Time(r, 10),
        Deadline = Time(r, 11),
        TaskTimeout = r.IsDBNull(12) ? null : r.GetFieldValue<TimeSpan>(12),
        JobTimeout = r.IsDBNull(13) ? null : r.GetFieldValue<TimeSpan>(13),
    };

    public static TaskRecord Task(NpgsqlDataReader r) => new()
    {
        TaskId = r.GetString(0),
        JobId = r.GetString(1),
        Stage = r.GetInt32(2),
        TaskKey = r.GetString(3),
        TaskType = r.GetString(4),
        Parameters = JsonNode.Parse(r.GetString(5))!.AsObject(),
        Status = StatusNames.ParseTask(r.GetString(6)),
        Result = r.IsDBNull(7) ? null : JsonNode.Parse(r.GetString(7)),
        ErrorType = r.IsDBNull(8) ? null : r.GetString(8),
        ErrorMessage = r.IsDBNull(9) ? null : r.GetString(9),
        Attempts = r.GetInt32(10),
        MaxAttempts = r.GetInt32(11),
        LeaseOwner = r.IsDBNull(12) ? null : r.GetString(12),
        LeaseExpires = Time(r, 13),
        VisibleAt = Time(r, 14)!.Value,
        Created = Time(r, 15)!.Value,
        Started = Time(r, 16),
        Completed = Time(r, 17),
        Timeout = r.IsDBNull(18) ? null : r.GetFieldValue<TimeSpan>(18),
        Claimed = Time(r, 19),
        ProgressPercent = r.IsDBNull(20) ? null : r.GetFloat(20),
        ProgressMessage = r.IsDBNull(21) ? null : r.GetString(21),
    };

    private static DateTimeOffset? Time(NpgsqlDataReader r, int ordinal) =>
        r.IsDBNull(ordinal) ? null : new DateTimeOffset(r.GetDateTime(ordinal), TimeSpan.Zero);
}
