namespace GeoOrchestration.Model;

/// <summary>
/// The one mapping between status enums and their snake_case names, which the store's CHECK
/// constraints, the JSON output and the command line all share.
/// </summary>
public static class StatusNames
{
    private static readonly Dictionary<JobStatus, string> JobNames = new()
    {
        [JobStatus.Queued] = "queued",
        [JobStatus.Processing] = "processing",
        [JobStatus.Completed] = "completed",
        [JobStatus.CompletedWithErrors] = "completed_with_errors",
        [JobStatus.Failed] = "failed",
        [JobStatus.Cancelled] = "cancelled",
    };

    private static readonly Dictionary<string, JobStatus> JobByName =
        JobNames.ToDictionary(p => p.Value, p => p.Key, StringComparer.OrdinalIgnoreCase);

    private static readonly Dictionary<string, TaskRecordStatus> TaskByName =
        Enum.GetValues<TaskRecordStatus>().ToDictionary(s => ToName(s), s => s, StringComparer.OrdinalIgnoreCase);

    /// <summary>The name of a job status, as stores, JSON and the command line spell it.</summary>
    /// <param name="status">A defined status.</param>
    /// <returns>Its snake_case name, e.g. <c>completed_with_errors</c>.</returns>
    public static string ToName(JobStatus status) => JobNames[status];

    /// <summary>The name of a task status, as stores, JSON and the command line spell it.</summary>
    /// <param name="status">A status.</param>
    /// <returns>Its lowercase name, e.g. <c>processing</c>.</returns>
    public static string ToName(TaskRecordStatus status) => status.ToString().ToLowerInvariant();

    /// <summary>Reads a job status name, in any case.</summary>
    /// <param name="text">The name.</param>
    /// <param name="status">The status, when the name is known.</param>
    /// <returns>True when <paramref name="text"/> names a job status.</returns>
    public static bool TryParseJob(string text, out JobStatus status) => JobByName.TryGetValue(text, out status);

    /// <summary>Reads a task status name, in any case.</summary>
    /// <param name="text">The name.</param>
    /// <param name="status">The status, when the name is known.</param>
    /// <returns>True when <paramref name="text"/> names a task status.</returns>
    public static bool TryParseTask(string text, out TaskRecordStatus status) => TaskByName.TryGetValue(text, out status);

    /// <summary>Reads a job status name, in any case (as a store returns it).</summary>
    /// <param name="text">The name.</param>
    /// <returns>The status.</returns>
    /// <exception cref="FormatException"><paramref name="text"/> names no job status.</exception>
    public static JobStatus ParseJob(string text) =>
        TryParseJob(text, out var s) ? s : throw new FormatException($"'{text}' is not a job status.");

    /// <summary>Reads a task status name, in any case (as a store returns it).</summary>
    /// <param name="text">The name.</param>
    /// <returns>The status.</returns>
    /// <exception cref="FormatException"><paramref name="text"/> names no task status.</exception>
    public static TaskRecordStatus ParseTask(string text) =>
        TryParseTask(text, out var s) ? s : throw new FormatException($"'{text}' is not a task status.");

    /// <summary>Every job status name, in lifecycle order.</summary>
    public static IEnumerable<string> JobStatusNames => JobNames.Values;

    /// <summary>Every task status name, in lifecycle order.</summary>
    public static IEnumerable<string> TaskStatusNames => Enum.GetValues<TaskRecordStatus>().Select(ToName);

    /// <summary>Whether a job in this status has ended (completed, completed with errors, failed or cancelled).</summary>
    /// <param name="status">The status.</param>
    /// <returns>True for an ended job; only a retry takes it back.</returns>
    public static bool IsTerminal(this JobStatus status) =>
        status is JobStatus.Completed or JobStatus.CompletedWithErrors or JobStatus.Failed or JobStatus.Cancelled;
}
