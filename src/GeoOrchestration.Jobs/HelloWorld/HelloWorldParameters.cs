using GeoOrchestration.Parameters;

namespace GeoOrchestration.Jobs.HelloWorld;

// 'count' only matters without 'names': giving both is refused, and with 'names' the default
// count stays out of the parameters (and so out of the job id).
[MutuallyExclusive("count", "names")]
public sealed class HelloWorldParameters
{
    [Parameter("count", Minimum = 1, Maximum = 1000, Description = "How many greetings to send (to World 1..N) when no names are given.")]
    public int Count { get; init; } = 3;

    [Parameter("names", MinItems = 1, MaxItems = 1000, MinLength = 1, MaxLength = 100,
        Description = "Whom to greet, one greeting per name.")]
    public string[]? Names { get; init; }

    /// <summary>The names to greet: the given ones, or "World 1" .. "World N".</summary>
    public IReadOnlyList<string> Recipients() =>
        Names ?? Enumerable.Range(1, Count).Select(i => $"World {i}").ToArray();
}
