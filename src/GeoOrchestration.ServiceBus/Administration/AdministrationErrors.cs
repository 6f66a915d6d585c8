using System.Net.Sockets;
using Azure;
using Azure.Identity;
using Azure.Messaging.ServiceBus;
using GeoOrchestration.Errors;

namespace GeoOrchestration.ServiceBus.Administration;

/// <summary>
/// The engine's error for a failed administration or peek call: refused identity and missing queue are
/// configuration errors (retrying does not help), an unreachable or busy namespace is unavailable (exit 4,
/// like a store that cannot be reached). Messages name the namespace, the identity and the queue, never a secret
/// (the SDK's own message is left out of them: it can quote the request).
/// </summary>
internal static class AdministrationErrors
{
    /// <summary>The engine's error for <paramref name="ex"/>; null when it is not one of these (a bug: let it go).</summary>
    public static GeoException? Classify(Exception ex, AdministrationConnection connection, string? queue)
    {
        switch (ex)
        {
            case UnauthorizedAccessException:
                return new GeoConfigurationException(GeoConfigurationException.PermissionDeniedId,
                    $"Service Bus namespace '{connection.Namespace}' refused {connection.Identity}: it needs Manage rights (a SAS rule) "
                    + "or the Azure Service Bus Data Owner role (Entra ID) to deploy queues, Listen or Data Receiver to read dead letters.", ex);
            case AuthenticationFailedException or CredentialUnavailableException:
                return new GeoConfigurationException(GeoConfigurationException.LoginRefusedId,
                    $"The {connection.Identity} could not get a token for Service Bus namespace '{connection.Namespace}'.", ex);
            case ServiceBusException { Reason: ServiceBusFailureReason.MessagingEntityNotFound } when queue is not null:
                return new GeoConfigurationException($"Service Bus queue '{queue}' does not exist in namespace '{connection.Namespace}': deploy the queues first.", ex);
            case ServiceBusException { Reason: ServiceBusFailureReason.ServiceBusy or ServiceBusFailureReason.ServiceTimeout or ServiceBusFailureReason.ServiceCommunicationProblem }:
            case ServiceBusException { IsTransient: true }:
                return Unavailable(connection, ex);
            case RequestFailedException { Status: 0 or 408 or 429 or >= 500 }:
            case HttpRequestException or IOException or SocketException or TimeoutException:
                return Unavailable(connection, ex);
            case AggregateException aggregate when aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(i => Classify(i, connection, queue) is GeoStoreUnavailableException):
                // Azure.Core's retry gives up with every try's failure in one AggregateException.
                return Unavailable(connection, ex);
            default:
                return null;
        }
    }

    private static GeoStoreUnavailableException Unavailable(AdministrationConnection connection, Exception ex) =>
        new($"Service Bus namespace '{connection.Namespace}' could not be reached or stayed busy after retries ({ex.GetType().Name}).", ex);
}
