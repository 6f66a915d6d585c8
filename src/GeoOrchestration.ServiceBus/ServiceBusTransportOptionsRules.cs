using GeoOrchestration.Errors;

namespace GeoOrchestration.ServiceBus;

/// <summary>The rules <see cref="ServiceBusTransportOptions"/> must keep, checked once when a transport is made.</summary>
internal static class ServiceBusTransportOptionsRules
{
    /// <summary>Most messages a receiver may prefetch.</summary>
    internal const int MaxPrefetchCount = 100;

    /// <exception cref="GeoConfigurationException">No namespace and no connection string, both, or a namespace without a credential.</exception>
    /// <exception cref="GeoValidationException">Every other broken rule at once.</exception>
    public static void Validate(ServiceBusTransportOptions options)
    {
        var hasNamespace = !string.IsNullOrWhiteSpace(options.FullyQualifiedNamespace);
        var hasConnection = !string.IsNullOrWhiteSpace(options.ConnectionString);
        if (hasNamespace == hasConnection)
            throw new GeoConfigurationException(hasNamespace
                ? "Give the Service Bus namespace or a connection string, not both."
                : "The Service Bus transport needs a namespace (with a credential) or a connection string.");
        if (hasNamespace && options.Credential is null)
            throw new GeoConfigurationException($"Service Bus namespace '{options.FullyQualifiedNamespace}' needs a credential (managed identity, workload identity or a developer's sign-in).");
        var errors = new List<ValidationError>();
        Require(errors, !string.IsNullOrWhiteSpace(options.ControlQueue), "control_queue", "required", "'control_queue' must name a queue.");
        Require(errors, !string.IsNullOrWhiteSpace(options.TaskQueue), "task_queue", "required", "'task_queue' must name a queue.");
        Require(errors, !string.Equals(options.ControlQueue, options.TaskQueue, StringComparison.OrdinalIgnoreCase), "task_queue", "distinct",
            $"'task_queue' must differ from 'control_queue' (both are '{options.TaskQueue}').");
        Require(errors, options.PrefetchCount is >= 0 and <= MaxPrefetchCount, "prefetch_count", "range",
            $"'prefetch_count' must be 0 to {MaxPrefetchCount}; got {options.PrefetchCount}.");
        Require(errors, options.ReceiveBuffer >= 1, "receive_buffer", "minimum", $"'receive_buffer' must be at least 1; got {options.ReceiveBuffer}.");
        Require(errors, options.SweepGrace >= TimeSpan.Zero, "sweep_grace", "minimum", "'sweep_grace' must not be negative.");
        Require(errors, options.StrandedAfter > options.SweepGrace, "stranded_after", "minimum",
            "'stranded_after' must be longer than 'sweep_grace' (and than the queues' duplicate-detection window).");
        Require(errors, options.FlushTimeout >= TimeSpan.Zero, "flush_timeout", "minimum", "'flush_timeout' must not be negative.");
        Require(errors, options.BreakDuration >= TimeSpan.FromMilliseconds(500), "break_duration", "minimum", "'break_duration' must be at least 0.5 seconds.");
        Require(errors, options.SdkMaxRetries is >= 0 and <= 10, "sdk_max_retries", "range", $"'sdk_max_retries' must be 0 to 10; got {options.SdkMaxRetries}.");
        Require(errors, options.SdkRetryDelay > TimeSpan.Zero, "sdk_retry_delay", "minimum", "'sdk_retry_delay' must be more than 0 seconds.");
        Require(errors, options.OperationTimeout >= TimeSpan.FromSeconds(1), "operation_timeout", "minimum", "'operation_timeout' must be at least 1 second.");
        if (errors.Count > 0) throw new GeoValidationException(errors);
    }

    private static void Require(List<ValidationError> errors, bool holds, string field, string rule, string message)
    {
        if (!holds) errors.Add(new ValidationError(field, rule, message));
    }
}
