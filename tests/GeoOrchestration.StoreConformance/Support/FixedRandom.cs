namespace GeoOrchestration.StoreConformance.Support;

/// <summary>A random source that always draws the same fraction: makes jittered backoff exact.</summary>
public sealed class FixedRandom(double fraction) : Random
{
    public override double NextDouble() => fraction;

    protected override double Sample() => fraction;
}
