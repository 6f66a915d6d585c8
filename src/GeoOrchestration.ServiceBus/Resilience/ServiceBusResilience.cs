using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;

namespace GeoOrchestration.ServiceBus.Resilience;

/// <summary>
/// The one resilience pipeline every send and receive of a transport goes through (Polly): our retry of
/// transient failures on top of the SDK's own, inside it a circuit breaker that opens after repeated
/// failures (transient or configuration: either way Service Bus is of no use now). While the circuit is
/// open calls fail at once with <see cref="BrokenCircuitException"/>, workers claim from the database,
/// and after <see cref="ServiceBusTransportOptions.BreakDuration"/> one call tries Service Bus again.
/// </summary>
internal sealed class ServiceBusResilience
{
    /// <summary>Failures within <see cref="SamplingDuration"/> before the circuit may open.</summary>
    internal const int MinimumThroughput = 4;
    /// <summary>Share of failed calls within the sampling window that opens the circuit.</summary>
    internal const double FailureRatio = 0.5;
    /// <summary>The window over which failures are counted.</summary>
    internal static readonly TimeSpan SamplingDuration = TimeSpan.FromSeconds(30);
    /// <summary>Our own retries of a transient failure (the SDK has retried each already).</summary>
    internal const int RetryAttempts = 2;

    private readonly CircuitBreakerStateProvider _state = new();

    /// <summary>A pipeline over <paramref name="time"/>; <paramref name="opened"/> and <paramref name="closed"/> are told of the circuit's changes (cheap, must not throw).</summary>
    public ServiceBusResilience(ServiceBusTransportOptions options, TimeProvider time, Action opened, Action closed)
    {
        Pipeline = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(ServiceBusErrorMap.IsTransient),
                MaxRetryAttempts = RetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(200),
                MaxDelay = TimeSpan.FromSeconds(2),
            })
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                // A missing queue or a refused identity makes Service Bus as useless as an outage: fall back
                // to the database rather than fail work (the error itself is logged by whoever met it).
                ShouldHandle = new PredicateBuilder().Handle<Exception>(e =>
                    ServiceBusErrorMap.Classify(e) is ServiceBusErrorKind.Transient or ServiceBusErrorKind.Configuration),
                FailureRatio = FailureRatio,
                MinimumThroughput = MinimumThroughput,
                SamplingDuration = SamplingDuration,
                BreakDuration = options.BreakDuration,
                StateProvider = _state,
                OnOpened = _ => { opened(); return default; },
                OnClosed = _ => { closed(); return default; },
            })
            .Build();
    }

    /// <summary>Retry, then the circuit breaker.</summary>
    public ResiliencePipeline Pipeline { get; }

    /// <summary>Whether Service Bus is not to be relied on now: the circuit is open, isolated, or trying one call (half-open).</summary>
    public bool IsOpen => _state.CircuitState is not CircuitState.Closed;
}
