using System.Xml;
using System.Xml.Linq;
using GeoOrchestration.ServiceBus.Double.Broker;

namespace GeoOrchestration.ServiceBus.Double.Admin;

/// <summary>
/// Reads the Atom entry the administration client PUTs (an <c>entry</c> whose <c>content</c> holds a
/// <c>QueueDescription</c>) into <see cref="QueueSettings"/>: well-formed values only; their ranges are the catalog's to check.
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
        // The ranges and what the double refuses (sessions, partitioning) are the catalog's to check (QueueSettingsRules).
        error = null;
        return settings;
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
