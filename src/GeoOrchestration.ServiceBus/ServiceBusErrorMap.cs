using System.Net.Sockets;
using Azure.Identity;
using Azure.Messaging.ServiceBus;
using GeoOrchestration.Errors;

namespace GeoOrchestration.ServiceBus;

/// <summary>
/// The one mapping from what the Service Bus client throws to the engine's taxonomy: busy, timeouts and
/// communication problems are transient (retried, then the circuit opens and workers fall back to the
/// database); a missing queue or a refused identity is a configuration error whose one-line message names
/// the queue or the identity and never a secret; a lost lock is harmless once the attempt was claimed.
/// </summary>
public static class ServiceBusErrorMap
{
    /// <summary>Error id of a queue that does not exist in the namespace.</summary>
    public const string QueueNotFoundId = "ServiceBusQueueNotFound";
    /// <summary>Error id of a queue that exists but is disabled.</summary>
    public const string QueueDisabledId = "ServiceBusQueueDisabled";
    /// <summary>Error id of an identity the namespace refused (no role, a wrong SAS key, an expired token).</summary>
    public const string AccessDeniedId = "ServiceBusAccessDenied";
    /// <summary>Error id of a credential that could not get a token at all (no managed identity here, a wrong client id).</summary>
    public const string CredentialFailedId = "ServiceBusCredentialFailed";

    /// <summary>What <paramref name="exception"/> means for the engine.</summary>
    /// <param name="exception">What a Service Bus client call threw.</param>
    /// <returns>
    /// <see cref="ServiceBusErrorKind.Transient"/> for <c>ServiceBusy</c>, <c>ServiceTimeout</c>,
    /// <c>ServiceCommunicationProblem</c>, <c>QuotaExceeded</c>, any other reason the client marks transient,
    /// sockets, I/O and timeouts; <see cref="ServiceBusErrorKind.Configuration"/> for <c>MessagingEntityNotFound</c>,
    /// <c>MessagingEntityDisabled</c>, <see cref="UnauthorizedAccessException"/> and a credential that cannot get a
    /// token; <see cref="ServiceBusErrorKind.LockLost"/> for <c>MessageLockLost</c> and <c>MessageNotFound</c>
    /// (a settled message); else <see cref="ServiceBusErrorKind.Permanent"/>.
    /// </returns>
    public static ServiceBusErrorKind Classify(Exception exception) => exception switch
    {
        ServiceBusException bus => bus.Reason switch
        {
            ServiceBusFailureReason.ServiceBusy or ServiceBusFailureReason.ServiceTimeout
                or ServiceBusFailureReason.ServiceCommunicationProblem => ServiceBusErrorKind.Transient,
            // A full queue drains as workers take from it: later, not never.
            ServiceBusFailureReason.QuotaExceeded => ServiceBusErrorKind.Transient,
            ServiceBusFailureReason.MessagingEntityNotFound or ServiceBusFailureReason.MessagingEntityDisabled => ServiceBusErrorKind.Configuration,
            ServiceBusFailureReason.MessageLockLost or ServiceBusFailureReason.MessageNotFound => ServiceBusErrorKind.LockLost,
            _ when bus.IsTransient => ServiceBusErrorKind.Transient,
            _ => ServiceBusErrorKind.Permanent,
        },
        UnauthorizedAccessException or AuthenticationFailedException or CredentialUnavailableException => ServiceBusErrorKind.Configuration,
        SocketException or IOException or TimeoutException => ServiceBusErrorKind.Transient,
        AggregateException { InnerExceptions.Count: 1 } aggregate => Classify(aggregate.InnerExceptions[0]),
        _ => ServiceBusErrorKind.Permanent,
    };

    /// <summary>Whether <paramref name="exception"/> is worth retrying (<see cref="ServiceBusErrorKind.Transient"/>).</summary>
    /// <param name="exception">What a Service Bus client call threw.</param>
    /// <returns>True for a transient failure.</returns>
    public static bool IsTransient(Exception exception) => Classify(exception) == ServiceBusErrorKind.Transient;

    /// <summary>
    /// The engine's exception for a Service Bus failure, with a one-line message naming the queue or the
    /// identity (never a key, token or connection string).
    /// </summary>
    /// <param name="exception">What a Service Bus client call threw; kept as the inner exception.</param>
    /// <param name="place">The namespace and identity the call used (<see cref="ServiceBusPlace.Of"/>).</param>
    /// <param name="queue">The queue the call was about; null when it was about the namespace as a whole.</param>
    /// <returns>
    /// A <see cref="GeoConfigurationException"/> (ids <see cref="QueueNotFoundId"/>, <see cref="QueueDisabledId"/>,
    /// <see cref="AccessDeniedId"/>, <see cref="CredentialFailedId"/>) for a configuration error, a
    /// <see cref="GeoTransportUnavailableException"/> for a transient one or a lost lock; null for a
    /// <see cref="ServiceBusErrorKind.Permanent"/> one (a bug: let the original exception through).
    /// </returns>
    public static GeoException? ToGeoException(Exception exception, ServiceBusPlace place, string? queue)
    {
        var entity = queue ?? (exception as ServiceBusException)?.EntityPath;
        var where = entity is null ? $"namespace '{place.Namespace}'" : $"queue '{entity}' in namespace '{place.Namespace}'";
        return Classify(exception) switch
        {
            ServiceBusErrorKind.Configuration => Unwrap(exception) switch
            {
                ServiceBusException { Reason: ServiceBusFailureReason.MessagingEntityDisabled } => new GeoConfigurationException(QueueDisabledId,
                    $"Service Bus {where} is disabled; enable it.", exception),
                ServiceBusException => new GeoConfigurationException(QueueNotFoundId,
                    $"Service Bus {where} does not exist; deploy the queues first.", exception),
                AuthenticationFailedException or CredentialUnavailableException => new GeoConfigurationException(CredentialFailedId,
                    $"The identity {place.Identity} could not get a token for Service Bus {where}.", exception),
                _ => new GeoConfigurationException(AccessDeniedId,
                    $"Service Bus {where} refused the identity {place.Identity}; it needs the Azure Service Bus Data Sender and Data Receiver roles (or a SAS rule with Send and Listen).", exception),
            },
            ServiceBusErrorKind.Transient or ServiceBusErrorKind.LockLost => new GeoTransportUnavailableException(
                $"Service Bus {where} is unavailable ({Reason(exception)}).", exception),
            _ => null,
        };
    }

    private static Exception Unwrap(Exception exception) =>
        exception is AggregateException { InnerExceptions.Count: 1 } aggregate ? Unwrap(aggregate.InnerExceptions[0]) : exception;

    /// <summary>A short, secret-free reason: the client's failure reason, or the exception's type.</summary>
    private static string Reason(Exception exception) => Unwrap(exception) switch
    {
        ServiceBusException bus => bus.Reason.ToString(),
        var other => other.GetType().Name,
    };
}
