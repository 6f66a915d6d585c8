namespace GeoOrchestration.ServiceBus.Double;

/// <summary>
/// Fault injection for a running <see cref="ServiceBusDouble"/>: rules fire on matching operations
/// (see <see cref="FaultKind"/>), and <see cref="ExpireTokens"/> makes put-token refuse every token.
/// Thread-safe; rules take effect on the next operation.
/// </summary>
public sealed class DoubleFaults
{
    private readonly object _sync = new();
    private List<FaultRule> _rules = new();

    /// <summary>While true, put-token answers 401 (token expired) and links attach only with tokens put before.</summary>
    public bool ExpireTokens { get; set; }

    /// <summary>Adds a rule and returns it (its <see cref="FaultRule.Fired"/> counts what it did).</summary>
    public FaultRule Add(FaultRule rule)
    {
        lock (_sync)
        {
            _rules = [.. _rules, rule];
        }

        return rule;
    }

    /// <summary>Adds a rule for <paramref name="kind"/> on <paramref name="queue"/> (null: any queue) firing <paramref name="times"/> times (-1: always).</summary>
    public FaultRule Add(FaultKind kind, string? queue = null, int times = 1) =>
        Add(new FaultRule(kind) { Queue = queue, Times = times });

    /// <summary>Removes every rule and stops expiring tokens.</summary>
    public void Clear()
    {
        lock (_sync)
        {
            _rules = new();
        }

        ExpireTokens = false;
    }

    /// <summary>True when a rule fires for this operation (the rule counts it).</summary>
    internal bool ShouldFire(FaultKind kind, string queue)
    {
        var rules = Volatile.Read(ref _rules);
        foreach (var rule in rules)
        {
            if (rule.TryFire(kind, queue))
            {
                return true;
            }
        }

        return false;
    }
}
