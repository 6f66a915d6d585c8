using System.Globalization;
using System.Text.Json.Nodes;

namespace GeoOrchestration.Model;

/// <summary>
/// The one line an operator reads for an event, from its kind and detail: the same words in
/// <c>Get-GeoJobEvent</c> and <c>geoorch job events</c>. A detail missing a fact (an event written
/// before migration 0022, or by another client) still reads, with the fact left out.
/// </summary>
public static class JobEventMessages
{
    /// <summary>The event in one line, e.g. <c>Task 1a2b…-s1-t3 attempt 1 of 3 failed (IOException: disk hiccup); runs again in 2.1 s</c>.</summary>
    /// <param name="e">An event as the store returned it.</param>
    /// <returns>One line, without a trailing period.</returns>
    public static string Describe(JobEvent e)
    {
        var d = e.Detail as JsonObject;
        return e.Kind switch
        {
            JobEventKind.Submitted => "Job submitted",
            JobEventKind.StagePlanned => $"Stage {e.Stage} planned" + (Int(d, "tasks") is { } n ? $": {Count(n, "task")}" : ""),
            JobEventKind.StageCompleted => $"Stage {e.Stage} completed",
            JobEventKind.Finalized => "Job finalized" + (Str(d, "status") is { } s ? $": {s}" : ""),
            JobEventKind.Failed => "Job failed" + (Str(d, "error") is { } error ? $": {error}" : "") + Cancelled(d),
            JobEventKind.Cancelled => "Job cancelled" + (Str(d, "reason") is { } reason ? $": {reason}" : "") + Cancelled(d),
            JobEventKind.Retried => "Job retried" + (Str(d, "from") is { } from ? $" from {from}" : "")
                + (Int(d, "tasks") is { } queued ? $": {Count(queued, "task")} queued again" : ""),
            JobEventKind.TaskRetrying => $"Task {Str(d, "task")} attempt {Int(d, "attempt")} of {Int(d, "max_attempts")} failed ({Error(d)}); runs again in "
                + (Num(d, "retry_in_seconds") is { } delay ? DurationText.Format(TimeSpan.FromSeconds(delay)) : "a while"),
            JobEventKind.TaskFailed => $"Task {Str(d, "task")} failed for good on attempt {Int(d, "attempt")} ({Cause(d)}: {Error(d)})"
                + (Bool(d, "tolerated") switch { true => $"; tolerated by stage {e.Stage}", false => "; beyond its stage's tolerance", null => "" }),
            JobEventKind.LeaseExpired => $"Lease of worker {Str(d, "worker")} on task {Str(d, "task")} expired (attempt {Int(d, "attempt")} of {Int(d, "max_attempts")}); task "
                + (Str(d, "outcome") ?? "taken back"),
            JobEventKind.Repaired => $"Janitor gave the job its lost step: {Str(d, "step") ?? "next step"} (stage {e.Stage})",
            JobEventKind.TasksHandedBack => $"Worker {Str(d, "worker")} stopping: handed back {Count(Int(d, "tasks") ?? 0, "task")} without counting the attempt",
            _ => JobEventKinds.ToName(e.Kind),
        };
    }

    private static string Cancelled(JsonObject? d) => Int(d, "tasks_cancelled") is { } n and > 0 ? $" ({Count(n, "task")} cancelled)" : "";

    private static string Cause(JsonObject? d) => Str(d, "cause") switch
    {
        "lease_expired" => "lease expired",
        "timed_out" => "timed out",
        _ => "error",
    };

    private static string Error(JsonObject? d)
    {
        var type = Str(d, "error_type");
        var shortType = type is null ? null : type[(type.LastIndexOf('.') + 1)..];
        var message = Str(d, "error") ?? "";
        return shortType is null ? message : $"{shortType}: {message}";
    }

    private static string Count(int n, string noun) => $"{n.ToString(CultureInfo.InvariantCulture)} {noun}{(n == 1 ? "" : "s")}";

    private static string? Str(JsonObject? d, string name) => d?[name] is JsonValue v && v.TryGetValue(out string? s) ? s : null;

    private static int? Int(JsonObject? d, string name) => d?[name] is JsonValue v && v.TryGetValue(out int i) ? i : null;

    private static double? Num(JsonObject? d, string name) => d?[name] is JsonValue v && v.TryGetValue(out double x) ? x : null;

    private static bool? Bool(JsonObject? d, string name) => d?[name] is JsonValue v && v.TryGetValue(out bool b) ? b : null;
}
