using Azure;
using GeoOrchestration.Errors;

namespace GeoOrchestration.ServiceBus.Administration;

/// <summary>
/// The engine's error for a failed administration call: what is particular to the administration client (it
/// speaks HTTP, and deploying needs more rights than sending) here, the rest as the transport maps it
/// (<see cref="ServiceBusErrorMap"/>). Messages name the namespace, the identity and the queue, never a secret.
/// </summary>
internal static class AdministrationErrors
{
    /// <summary>The engine's error for <paramref name="ex"/>; null when it is not one of these (a bug: let it go).</summary>
    public static GeoException? Classify(Exception ex, ServiceBusPlace place, string? queue)
    {
        switch (ex)
        {
            case UnauthorizedAccessException:
                return new GeoConfigurationException(ServiceBusErrorMap.AccessDeniedId,
                    $"Service Bus namespace '{place.Namespace}' refused the identity {place.Identity}: deploying queues needs Manage rights (a SAS rule) "
                    + "or the Azure Service Bus Data Owner role (Entra ID).", ex);
            // The HTTP pipeline's failures: no answer (status 0: refused, unresolved, reset), or the statuses Azure.Core retries.
            case RequestFailedException { Status: 0 or 408 or 429 or >= 500 }:
            case HttpRequestException:
                return Unavailable(place, ex);
            case AggregateException { InnerExceptions.Count: > 0 } aggregate when aggregate.InnerExceptions.All(i => Classify(i, place, queue) is GeoTransportUnavailableException):
                // Azure.Core's retry gives up with every try's failure in one AggregateException.
                return Unavailable(place, ex);
            default:
                return ServiceBusErrorMap.ToGeoException(ex, place, queue);
        }
    }

    private static GeoTransportUnavailableException Unavailable(ServiceBusPlace place, Exception ex) =>
        new($"Service Bus namespace '{place.Namespace}' could not be reached or stayed busy after retries ({ex.GetType().Name}).", ex);
}
