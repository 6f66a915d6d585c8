using System.Globalization;
using System.Xml;
using Azure.Messaging.ServiceBus.Administration;
using GeoOrchestration.Errors;

namespace GeoOrchestration.ServiceBus.Administration;

/// <summary>
/// The settings a deploy compares, what is there against what <see cref="QueueDeployOptions"/> wants, in the
/// administration API's names and formats (durations as ISO 8601, as the API writes them).
/// </summary>
internal static class QueueSettingsPlan
{
    /// <summary>The rows for a queue that is (would be) created: every setting, nothing current.</summary>
    public static IReadOnlyList<QueueChange> ForCreate(string queue, QueueDeployOptions deploy) =>
        [new QueueChange(queue, "queue", null, "exists", QueueChangeAction.Create),
         .. Wanted(deploy).Select(w => new QueueChange(queue, w.Setting, null, w.Value, QueueChangeAction.Create))];

    /// <summary>The rows for an existing queue: each setting left as it is or updated.</summary>
    public static IReadOnlyList<QueueChange> ForUpdate(string queue, QueueProperties current, QueueDeployOptions deploy)
    {
        var have = Current(current).ToDictionary(c => c.Setting, c => c.Value, StringComparer.Ordinal);
        return Wanted(deploy)
            .Select(w => new QueueChange(queue, w.Setting, have[w.Setting], w.Value,
                have[w.Setting] == w.Value ? QueueChangeAction.None : QueueChangeAction.Update))
            .ToList();
    }

    /// <summary>
    /// Refuses a queue whose settings fixed at creation are not the transport's: duplicate detection must be on
    /// (re-sent attempts are absorbed by it), sessions and partitioning off (partitioned queues refuse batched sends
    /// with duplicate detection).
    /// </summary>
    /// <exception cref="GeoConfigurationException">Naming the queue and the setting.</exception>
    public static void ThrowIfFixedSettingDiffers(string queue, QueueProperties current)
    {
        (string Setting, bool Is, bool Wanted)[] fixedAtCreation =
        [
            ("RequiresDuplicateDetection", current.RequiresDuplicateDetection, true),
            ("RequiresSession", current.RequiresSession, false),
            ("EnablePartitioning", current.EnablePartitioning, false),
        ];
        foreach (var (setting, @is, wanted) in fixedAtCreation)
        {
            if (@is != wanted)
                throw new GeoConfigurationException(
                    $"Service Bus queue '{queue}' has {setting}={Flag(@is)}, which can only be set when a queue is created; the transport needs {Flag(wanted)}. "
                    + "Delete the queue and deploy again, or configure other queue names.");
        }
    }

    /// <summary>The options that create the queue as wanted.</summary>
    public static CreateQueueOptions CreateOptions(string queue, QueueDeployOptions deploy) => new(queue)
    {
        LockDuration = deploy.LockDuration,
        MaxDeliveryCount = deploy.MaxDeliveryCount,
        RequiresDuplicateDetection = true,
        DuplicateDetectionHistoryTimeWindow = deploy.DuplicateDetectionWindow,
        DeadLetteringOnMessageExpiration = deploy.DeadLetteringOnMessageExpiration,
        RequiresSession = false,
        EnablePartitioning = false,
    };

    /// <summary>Sets the updatable settings on <paramref name="properties"/> (which keeps every other setting it was read with).</summary>
    public static void Apply(QueueProperties properties, QueueDeployOptions deploy)
    {
        properties.LockDuration = deploy.LockDuration;
        properties.MaxDeliveryCount = deploy.MaxDeliveryCount;
        properties.DuplicateDetectionHistoryTimeWindow = deploy.DuplicateDetectionWindow;
        properties.DeadLetteringOnMessageExpiration = deploy.DeadLetteringOnMessageExpiration;
    }

    private static IEnumerable<(string Setting, string Value)> Wanted(QueueDeployOptions d) =>
    [
        ("LockDuration", XmlConvert.ToString(d.LockDuration)),
        ("MaxDeliveryCount", d.MaxDeliveryCount.ToString(CultureInfo.InvariantCulture)),
        ("RequiresDuplicateDetection", Flag(true)),
        ("DuplicateDetectionHistoryTimeWindow", XmlConvert.ToString(d.DuplicateDetectionWindow)),
        ("DeadLetteringOnMessageExpiration", Flag(d.DeadLetteringOnMessageExpiration)),
        ("RequiresSession", Flag(false)),
        ("EnablePartitioning", Flag(false)),
    ];

    private static IEnumerable<(string Setting, string Value)> Current(QueueProperties p) =>
    [
        ("LockDuration", XmlConvert.ToString(p.LockDuration)),
        ("MaxDeliveryCount", p.MaxDeliveryCount.ToString(CultureInfo.InvariantCulture)),
        ("RequiresDuplicateDetection", Flag(p.RequiresDuplicateDetection)),
        ("DuplicateDetectionHistoryTimeWindow", XmlConvert.ToString(p.DuplicateDetectionHistoryTimeWindow)),
        ("DeadLetteringOnMessageExpiration", Flag(p.DeadLetteringOnMessageExpiration)),
        ("RequiresSession", Flag(p.RequiresSession)),
        ("EnablePartitioning", Flag(p.EnablePartitioning)),
    ];

    private static string Flag(bool value) => value ? "true" : "false";
}
