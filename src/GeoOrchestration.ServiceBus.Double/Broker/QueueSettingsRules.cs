namespace GeoOrchestration.ServiceBus.Double.Broker;

/// <summary>The service's ranges for queue names and settings; a violation names the field and the rule.</summary>
internal static class QueueSettingsRules
{
    public static void ValidateName(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (name.Length > 260 || name.StartsWith('/') || name.EndsWith('/') || name.Contains('$')
            || name.IndexOfAny(['?', '#', '@', '*', '%', '\\', ' ']) >= 0)
        {
            throw new ArgumentException(
                $"Queue name '{name}' is not valid: at most 260 characters, no leading or trailing '/', none of $ ? # @ * % \\ or spaces.", nameof(name));
        }
    }

    public static void Validate(QueueSettings s)
    {
        ArgumentNullException.ThrowIfNull(s);
        Require(s.LockDuration >= TimeSpan.FromSeconds(5) && s.LockDuration <= TimeSpan.FromMinutes(5),
            nameof(QueueSettings.LockDuration), "must be between 5 seconds and 5 minutes");
        Require(s.MaxDeliveryCount >= 1, nameof(QueueSettings.MaxDeliveryCount), "must be at least 1");
        Require(s.DuplicateDetectionHistoryTimeWindow >= TimeSpan.FromSeconds(20) && s.DuplicateDetectionHistoryTimeWindow <= TimeSpan.FromDays(7),
            nameof(QueueSettings.DuplicateDetectionHistoryTimeWindow), "must be between 20 seconds and 7 days");
        Require(s.DefaultMessageTimeToLive > TimeSpan.Zero, nameof(QueueSettings.DefaultMessageTimeToLive), "must be positive");
        Require(s.MaxSizeInMegabytes > 0, nameof(QueueSettings.MaxSizeInMegabytes), "must be positive");
        if (s.RequiresSession || s.EnablePartitioning)
        {
            throw new NotSupportedException("The Service Bus double has no session or partitioned queues (RequiresSession and EnablePartitioning must be false).");
        }
    }

    public static void ValidateUpdate(QueueSettings current, QueueSettings next)
    {
        Require(current.RequiresDuplicateDetection == next.RequiresDuplicateDetection,
            nameof(QueueSettings.RequiresDuplicateDetection), "can only be set when the queue is created");
        Require(current.RequiresSession == next.RequiresSession, nameof(QueueSettings.RequiresSession), "can only be set when the queue is created");
        Require(current.EnablePartitioning == next.EnablePartitioning, nameof(QueueSettings.EnablePartitioning), "can only be set when the queue is created");
    }

    private static void Require(bool ok, string field, string rule)
    {
        if (!ok)
        {
            throw new ArgumentException($"{field} {rule}.", field);
        }
    }
}
