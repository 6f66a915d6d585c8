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

    public static string ToName(JobStatus status) => JobNames[status];

    public static string ToName(TaskRecordStatus status) => status.ToString().ToLowerInvariant();

    public static bool TryParseJob(string text, out JobStatus status) => JobByName.TryGetValue(text, out status);

    public static bool TryParseTask(string text, out TaskRecordStatus status) => TaskByName.TryGetValue(text, out status);

    public static JobStatus ParseJob(string text) =>
        TryParseJob(text, out var s) ? s : throw new FormatException($"'{text}' is not a job status.");

    public static TaskRecordStatus ParseTask(string text) =>
        TryParseTask(text, out var s) ? s : throw new FormatException($"'{text}' is not a task status.");

    public static IEnumerable<string> JobStatusNames => JobNames.Values;

    public static IEnumerable<string> TaskStatusNames => Enum.GetValues<TaskRecordStatus>().Select(ToName);

    public static bool IsTerminal(this JobStatus status) =>
        status is JobStatus.Completed or JobStatus.CompletedWithErrors or JobStatus.Failed or JobStatus.Cancelled;
}
