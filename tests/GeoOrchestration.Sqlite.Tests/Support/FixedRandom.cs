namespace GeoOrchestration.Sqlite.Tests.Support;

/// <summary>A random source that always draws the same fraction: makes jittered backoff exact.</summary>
internal sealed class FixedRandom(double fraction) : Random
{
    public override double NextDouble() => fraction;

    protected override double Sample() => fraction;
}
