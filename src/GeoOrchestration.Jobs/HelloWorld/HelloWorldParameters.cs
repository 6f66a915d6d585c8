using GeoOrchestration.Parameters;

namespace GeoOrchestration.Jobs.HelloWorld;

public sealed class HelloWorldParameters
{
    [Parameter("count", Minimum = 1, Maximum = 1000, Description = "How many greetings to send when no names are given.")]
    public int Count { get; init; } = 3;

    [Parameter("names", MinItems = 1, MaxItems = 1000, MinLength = 1, MaxLength = 100,
        Description = "Whom to greet; when given, one greeting per name and 'count' is not used.")]
    public string[]? Names { get; init; }

    /// <summary>The names to greet: the given ones, or "World 1" .. "World N".</summary>
    public IReadOnlyList<string> Recipients() =>
        Names ?? Enumerable.Range(1, Count).Select(i => $"World {i}").ToArray();
}
