using System.Text.Json.Nodes;
using GeoOrchestration.Model;
using Microsoft.Data.Sqlite;

namespace GeoOrchestration.Sqlite;

/// <summary>
/// Maps rows of the job and task queries to engine records by column name (not position), and the
/// schema's units back: Unix epoch milliseconds to times, milliseconds to spans, JSON text to nodes.
/// </summary>
internal static class SqliteRows
{
    public static JobRecord Job(SqliteDataReader r) => new()
    {
        JobId = r.GetString(r.GetOrdinal("job_id")),
        JobType = r.GetString(r.GetOrdinal("job_type")),
        Parameters = JsonNode.Parse(r.GetString(r.GetOrdinal("parameters")))!.AsObject(),
        Status = StatusNames.ParseJob(r.GetString(r.GetOrdinal("status"))),
        Stage = r.GetInt32(r.GetOrdinal("stage")),
        TotalStages = r.GetInt32(r.GetOrdinal("total_stages")),
        Result = Json(r, "result"),
        Error = Text(r, "error"),
        Created = Time(r, "created_at")!.Value,
        Updated = Time(r, "updated_at")!.Value,
        Completed = Time(r, "completed_at"),
        Deadline = Time(r, "deadline_at"),
        TaskTimeout = Span(r, "task_timeout"),
        JobTimeout = Span(r, "job_timeout"),
    };

    public static TaskRecord Task(SqliteDataReader r) => new()
    {
        TaskId = r.GetString(r.GetOrdinal("task_id")),
        JobId = r.GetString(r.GetOrdinal("job_id")),
        Stage = r.GetInt32(r.GetOrdinal("stage")),
        TaskKey = r.GetString(r.GetOrdinal("task_key")),
        TaskType = r.GetString(r.GetOrdinal("task_type")),
        Parameters = JsonNode.Parse(r.GetString(r.GetOrdinal("parameters")))!.AsObject(),
        Status = StatusNames.ParseTask(r.GetString(r.GetOrdinal("status"))),
        Result = Json(r, "result"),
        ErrorType = Text(r, "error_type"),
        ErrorMessage = Text(r, "error_message"),
        Attempts = r.GetInt32(r.GetOrdinal("attempts")),
        MaxAttempts = r.GetInt32(r.GetOrdinal("max_attempts")),
        LeaseOwner = Text(r, "lease_owner"),
        LeaseExpires = Time(r, "lease_expires_at"),
        VisibleAt = Time(r, "visible_at")!.Value,
        Created = Time(r, "created_at")!.Value,
        Started = Time(r, "started_at"),
        Completed = Time(r, "completed_at"),
        Timeout = Span(r, "timeout"),
        Claimed = Time(r, "claimed_at"),
        ProgressPercent = r.IsDBNull(r.GetOrdinal("progress_percent")) ? null : r.GetDouble(r.GetOrdinal("progress_percent")),
        ProgressMessage = Text(r, "progress_message"),
    };

    public static string? Text(SqliteDataReader r, string column)
    {
        var i = r.GetOrdinal(column);
        return r.IsDBNull(i) ? null : r.GetString(i);
    }

    public static JsonNode? Json(SqliteDataReader r, string column) => Text(r, column) is { } text ? JsonNode.Parse(text) : null;

    public static DateTimeOffset? Time(SqliteDataReader r, string column)
    {
        var i = r.GetOrdinal(column);
        return r.IsDBNull(i) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(i));
    }

    public static TimeSpan? Span(SqliteDataReader r, string column)
    {
        var i = r.GetOrdinal(column);
        return r.IsDBNull(i) ? null : TimeSpan.FromMilliseconds(r.GetInt64(i));
    }
}
