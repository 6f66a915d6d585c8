namespace GeoOrchestration.ContainerTests.Infrastructure;

/// <summary>
/// Waits for a state with a generous deadline, polling; a state that does not come fails the test
/// with what was awaited and a description of what was there instead. Never a timed assertion:
/// the deadline only keeps a broken run from hanging.
/// </summary>
public static class Waits
{
    public static async Task UntilAsync(string what, TimeSpan within, Func<Task<bool>> condition, Func<Task<string>>? describe = null,
        TimeSpan? every = null)
    {
        var deadline = DateTime.UtcNow + within;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Waited {within.TotalSeconds:F0} s for: {what}.{(describe is null ? "" : "\n" + await describe())}");
            await Task.Delay(every ?? TimeSpan.FromMilliseconds(250));
        }
    }
}
