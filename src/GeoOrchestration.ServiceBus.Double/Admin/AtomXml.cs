using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using GeoOrchestration.ServiceBus.Double.Broker;

namespace GeoOrchestration.ServiceBus.Double.Admin;

/// <summary>
/// The administration API's documents as the service writes them: a queue's Atom <c>entry</c> (its
/// <c>QueueDescription</c>, with the message counts the runtime properties read), a <c>feed</c> of entries
/// (listing), and the <c>Error</c> body of a failed call. The SDK reads elements by local name, needs the
/// entry's <c>title</c> (the queue's name) and echoes unknown elements back on update, so only known ones are written.
/// </summary>
public static class AtomXml
{
    /// <summary>The Atom namespace.</summary>
    public static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    /// <summary>The namespace of <c>QueueDescription</c>.</summary>
    public static readonly XNamespace ServiceBus = "http://schemas.microsoft.com/netservices/2010/10/servicebus/connect";

    /// <summary>The namespace of the count details (<c>ActiveMessageCount</c>, ...).</summary>
    public static readonly XNamespace Counts = "http://schemas.microsoft.com/netservices/2011/06/servicebus";

    /// <summary>The content type of every document here.</summary>
    public const string ContentType = "application/atom+xml;type=entry;charset=utf-8";

    /// <summary>The queue's entry; <paramref name="counts"/> null leaves the counts out.</summary>
    /// <param name="selfUri">The queue's address as asked (its id and self link).</param>
    public static XElement Entry(string name, QueueSettings s, QueueCounts? counts, string selfUri, DateTimeOffset now)
    {
        var description = new XElement(ServiceBus + "QueueDescription",
            new XAttribute(XNamespace.Xmlns + "i", "http://www.w3.org/2001/XMLSchema-instance"),
            Element("LockDuration", XmlConvert.ToString(s.LockDuration)),
            Element("MaxSizeInMegabytes", s.MaxSizeInMegabytes.ToString(CultureInfo.InvariantCulture)),
            Element("RequiresDuplicateDetection", XmlConvert.ToString(s.RequiresDuplicateDetection)),
            Element("RequiresSession", XmlConvert.ToString(s.RequiresSession)),
            Element("DefaultMessageTimeToLive", XmlConvert.ToString(s.DefaultMessageTimeToLive)),
            Element("DeadLetteringOnMessageExpiration", XmlConvert.ToString(s.DeadLetteringOnMessageExpiration)),
            Element("DuplicateDetectionHistoryTimeWindow", XmlConvert.ToString(s.DuplicateDetectionHistoryTimeWindow)),
            Element("MaxDeliveryCount", s.MaxDeliveryCount.ToString(CultureInfo.InvariantCulture)),
            Element("EnableBatchedOperations", "true"),
            Element("Status", "Active"),
            Element("AutoDeleteOnIdle", XmlConvert.ToString(TimeSpan.MaxValue)),
            Element("EnablePartitioning", XmlConvert.ToString(s.EnablePartitioning)),
            Element("EnableExpress", "false"));
        if (counts is not null)
        {
            description.Add(
                Element("MessageCount", (counts.Active + counts.Scheduled + counts.DeadLettered).ToString(CultureInfo.InvariantCulture)),
                Element("SizeInBytes", "0"),
                new XElement(ServiceBus + "CountDetails",
                    new XAttribute(XNamespace.Xmlns + "d2p1", Counts.NamespaceName),
                    new XElement(Counts + "ActiveMessageCount", counts.Active),
                    new XElement(Counts + "DeadLetterMessageCount", counts.DeadLettered),
                    new XElement(Counts + "ScheduledMessageCount", counts.Scheduled),
                    new XElement(Counts + "TransferMessageCount", 0),
                    new XElement(Counts + "TransferDeadLetterMessageCount", 0)));
        }

        var stamp = XmlConvert.ToString(now.UtcDateTime, XmlDateTimeSerializationMode.Utc);
        return new XElement(Atom + "entry",
            new XElement(Atom + "id", selfUri),
            new XElement(Atom + "title", new XAttribute("type", "text"), name),
            new XElement(Atom + "published", stamp),
            new XElement(Atom + "updated", stamp),
            new XElement(Atom + "link", new XAttribute("rel", "self"), new XAttribute("href", selfUri)),
            new XElement(Atom + "content", new XAttribute("type", "application/xml"), description));
    }

    /// <summary>A feed of entries (the listing of queues).</summary>
    public static XElement Feed(string selfUri, IEnumerable<XElement> entries, DateTimeOffset now) =>
        new(Atom + "feed",
            new XElement(Atom + "title", new XAttribute("type", "text"), "Queues"),
            new XElement(Atom + "id", selfUri),
            new XElement(Atom + "updated", XmlConvert.ToString(now.UtcDateTime, XmlDateTimeSerializationMode.Utc)),
            new XElement(Atom + "link", new XAttribute("rel", "self"), new XAttribute("href", selfUri)),
            entries);

    /// <summary>The service's error body; the SDK puts <paramref name="detail"/> in its exception's message.</summary>
    public static XElement Error(int status, string detail) =>
        new("Error", new XElement("Code", status), new XElement("Detail", detail));

    private static XElement Element(string name, string value) => new(ServiceBus + name, value);
}
