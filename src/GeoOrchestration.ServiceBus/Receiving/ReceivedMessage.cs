using Azure.Messaging.ServiceBus;

namespace GeoOrchestration.ServiceBus.Receiving;

/// <summary>A peek-locked message waiting for a claim, with the receiver that must settle it.</summary>
internal sealed record ReceivedMessage(ServiceBusReceivedMessage Message, ServiceBusReceiver Receiver, WorkQueue Queue);
