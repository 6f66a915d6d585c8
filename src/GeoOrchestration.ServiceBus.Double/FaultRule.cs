namespace GeoOrchestration.ServiceBus.Double;

/// <summary>One fault-injection rule: which fault, on which queue, after how many matching operations, how many times.</summary>
public sealed class FaultRule
{
    private int _seen;
    private int _fired;

    /// <param name="kind">The fault.</param>
    public FaultRule(FaultKind kind) => Kind = kind;

    public FaultKind Kind { get; }

    /// <summary>The queue (case-insensitive) it applies to; null for every queue.</summary>
    public string? Queue { get; init; }

    /// <summary>Matching operations let through before the rule starts firing. Default 0.</summary>
    public int Skip { get; init; }

    /// <summary>How many times it fires; -1 for every time. Default 1.</summary>
    public int Times { get; init; } = 1;

    /// <summary>How many times it has fired.</summary>
    public int Fired => Volatile.Read(ref _fired);

    internal bool TryFire(FaultKind kind, string queue)
    {
        if (kind != Kind || (Queue is not null && !string.Equals(Queue, queue, StringComparison.OrdinalIgnoreCase)))
        {
            return false;
        }

        lock (this)
        {
            if (_seen++ < Skip || (Times >= 0 && _fired >= Times))
            {
                return false;
            }

            _fired++;
            return true;
        }
    }
}
