using System.Xml;
using System.Xml.Linq;
using GeoOrchestration.ServiceBus.Double.Broker;

namespace GeoOrchestration.ServiceBus.Double.Admin;

/// <summary>
/// Reads the Atom entry the administration client PUTs (an <c>entry</c> whose <c>content</c> holds a
/// <c>QueueDescription</c>) into <see cref="QueueSettings"/>, with the service's rules on each value.
/// An element that is absent keeps the service's default, as on the service (an update must carry
/// every setting it wants kept). Elements the double does not honour are accepted and ignored.
/// </summary>
public static class QueueDescriptionReader
{
    /// <summary>The settings in <paramref name="body"/>; or null and <paramref name="error"/> naming the element and the rule it broke.</summary>
    public static QueueSettings? Read(string body, out string? error)
    {
        XElement? description;
        try
        {
            var root = XElement.Parse(body);
            description = root.Name == AtomXml.Atom + "entry"
                ? root.Element(AtomXml.Atom + "content")?.Element(AtomXml.ServiceBus + "QueueDescription")
                : null;
        }
        catch (XmlException ex)
        {
            error = $"The request body is not XML: {ex.Message}";
            return null;
        }
        if (description is null)
        {
            error = "The request body is not an Atom entry holding a QueueDescription.";
            return null;
        }

        var settings = new QueueSettings();
        try
        {
            foreach (var element in description.Elements())
                settings = Apply(settings, element);
        }
        catch (FormatException ex)
        {
            error = ex.Message;
            return null;
        }
        error = Check(settings);
        return error is null ? settings : null;
    }

    private static QueueSettings Apply(QueueSettings s, XElement e) => e.Name.LocalName switch
    {
        "LockDuration" => s with { LockDuration = Duration(e) },
        "MaxSizeInMegabytes" => s with { MaxSizeInMegabytes = Number(e) },
        "RequiresDuplicateDetection" => s with { RequiresDuplicateDetection = Flag(e) },
        "RequiresSession" => s with { RequiresSession = Flag(e) },
        "DefaultMessageTimeToLive" => s with { DefaultMessageTimeToLive = Duration(e) },
        "DeadLetteringOnMessageExpiration" => s with { DeadLetteringOnMessageExpiration = Flag(e) },
        "DuplicateDetectionHistoryTimeWindow" => s with { DuplicateDetectionHistoryTimeWindow = Duration(e) },
        "MaxDeliveryCount" => s with { MaxDeliveryCount = Number(e) is var n and >= int.MinValue and <= int.MaxValue ? (int)n : throw new FormatException($"MaxDeliveryCount: '{e.Value}' is too large.") },
        "EnablePartitioning" => s with { EnablePartitioning = Flag(e) },
        _ => s,
    };

    // The service's limits (the SDK checks the same on its side; a hand-written request meets them here).
    private static string? Check(QueueSettings s)
    {
        if (s.RequiresSession)
            return "RequiresSession: the Service Bus double does not support session queues (the GeoOrchestration transport uses none).";
        if (s.EnablePartitioning)
            return "EnablePartitioning: the Service Bus double does not support partitioned queues (they refuse batched sends with duplicate detection).";
        if (s.LockDuration < TimeSpan.FromSeconds(5) || s.LockDuration > TimeSpan.FromMinutes(5))
            return $"LockDuration: {XmlConvert.ToString(s.LockDuration)} is outside 5 seconds to 5 minutes.";
        if (s.MaxDeliveryCount < 1)
            return $"MaxDeliveryCount: {s.MaxDeliveryCount} is below 1.";
        if (s.DuplicateDetectionHistoryTimeWindow < TimeSpan.FromSeconds(20) || s.DuplicateDetectionHistoryTimeWindow > TimeSpan.FromDays(7))
            return $"DuplicateDetectionHistoryTimeWindow: {XmlConvert.ToString(s.DuplicateDetectionHistoryTimeWindow)} is outside 20 seconds to 7 days.";
        if (s.DefaultMessageTimeToLive < TimeSpan.FromSeconds(1))
            return $"DefaultMessageTimeToLive: {XmlConvert.ToString(s.DefaultMessageTimeToLive)} is below 1 second.";
        if (s.MaxSizeInMegabytes < 1)
            return $"MaxSizeInMegabytes: {s.MaxSizeInMegabytes} is below 1.";
        return null;
    }

    private static TimeSpan Duration(XElement e)
    {
        try { return XmlConvert.ToTimeSpan(e.Value); }
        catch (FormatException) { throw new FormatException($"{e.Name.LocalName}: '{e.Value}' is not an ISO 8601 duration."); }
    }

    private static bool Flag(XElement e) => e.Value.Trim() switch
    {
        "true" => true,
        "false" => false,
        _ => throw new FormatException($"{e.Name.LocalName}: '{e.Value}' is not true or false."),
    };

    private static long Number(XElement e) => long.TryParse(e.Value, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var n)
        ? n
        : throw new FormatException($"{e.Name.LocalName}: '{e.Value}' is not an integer.");
}
