using System.Globalization;
using System.Text.Json.Nodes;
using GeoOrchestration.Hosting;
using GeoOrchestration.ServiceBus.Administration;
using GeoOrchestration.Store;

namespace GeoOrchestration.Cli.Output;

/// <summary>What the <c>servicebus</c> commands print: queue settings (deploy) and dead-lettered messages, as tables and as JSON.</summary>
public static class ServiceBusOutput
{
    /// <summary>The word of an action, in both forms: <c>none</c>, <c>create</c>, <c>update</c>.</summary>
    public static string ActionName(QueueChangeAction action) => action switch
    {
        QueueChangeAction.Create => "create",
        QueueChangeAction.Update => "update",
        _ => "none",
    };

    public static void Deploy(TextWriter output, QueueDeployResult result, ServiceBusTarget target, bool whatIf)
    {
        output.WriteLine($"Namespace: {target}");
        TableOutput.Columns(output, ["QUEUE", "SETTING", "CURRENT", "WANTED", "ACTION"],
            result.Changes.Select(c => new[] { c.Queue, c.Setting, c.Current ?? "-", c.Wanted, ActionName(c.Action) }));
        var changes = result.Changes.Count(c => c.Action != QueueChangeAction.None);
        output.WriteLine(whatIf
            ? $"{changes} change(s) would be made (what-if: nothing changed)."
            : changes == 0 ? "The queues are as the transport wants them." : $"{changes} change(s) made.");
    }

    public static JsonObject Deploy(QueueDeployResult result, ServiceBusTarget target, bool whatIf) => new()
    {
        ["namespace"] = target.Namespace,
        ["whatIf"] = whatIf,
        ["changes"] = new JsonArray(result.Changes.Select(c => (JsonNode)new JsonObject
        {
            ["queue"] = c.Queue,
            ["setting"] = c.Setting,
            ["current"] = c.Current,
            ["wanted"] = c.Wanted,
            ["action"] = ActionName(c.Action),
        }).ToArray()),
    };

    public static void DeadLetters(TextWriter output, IReadOnlyList<DeadLetteredMessage> messages, ServiceBusTarget target)
    {
        output.WriteLine($"Namespace: {target}");
        if (messages.Count == 0)
        {
            output.WriteLine("No dead-lettered messages.");
            return;
        }
        // The reason last: free text, cut to the terminal's width.
        TableOutput.Columns(output, ["QUEUE", "MESSAGE ID", "WORK", "DELIVERIES", "ENQUEUED", "REASON"],
            messages.Select(m => new[]
            {
                m.Queue, m.MessageId, Work(m.Attempt), m.DeliveryCount.ToString(CultureInfo.InvariantCulture), TableOutput.Time(m.EnqueuedTime),
                m.Description is { Length: > 0 } d ? $"{m.Reason}: {d}" : m.Reason ?? "",
            }), rightAligned: [3]);
        output.WriteLine("The database still holds every attempt: the sweeper sends a stranded one again, and 'geoorch job get' shows its job.");
    }

    public static JsonArray DeadLetters(IReadOnlyList<DeadLetteredMessage> messages) =>
        new(messages.Select(m => (JsonNode)new JsonObject
        {
            ["queue"] = m.Queue,
            ["messageId"] = m.MessageId,
            ["attempt"] = m.Attempt is { } a
                ? new JsonObject { ["kind"] = KindName(a.Kind), ["jobId"] = a.JobId, ["stage"] = a.Stage, ["taskId"] = a.TaskId, ["turn"] = a.Turn }
                : null,
            ["reason"] = m.Reason,
            ["description"] = m.Description,
            ["enqueued"] = m.EnqueuedTime,
            ["deliveryCount"] = m.DeliveryCount,
        }).ToArray());

    private static string Work(WorkAttempt? attempt) => attempt switch
    {
        null => "(not ours)",
        { Kind: WorkKind.RunTask } a => $"task {a.TaskId} turn {a.Turn}",
        { Kind: WorkKind.PlanStage } a => $"plan {a.JobId[..Math.Min(16, a.JobId.Length)]} stage {a.Stage} turn {a.Turn}",
        var a => $"finalize {a.JobId[..Math.Min(16, a.JobId.Length)]} turn {a.Turn}",
    };

    private static string KindName(WorkKind kind) => kind switch
    {
        WorkKind.PlanStage => "plan_stage",
        WorkKind.RunTask => "run_task",
        _ => "finalize",
    };
}
