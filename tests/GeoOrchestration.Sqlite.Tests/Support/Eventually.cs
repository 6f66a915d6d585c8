namespace GeoOrchestration.Sqlite.Tests.Support;

/// <summary>Waits for a condition the engine reaches asynchronously, failing (not hanging) after a bound.</summary>
internal static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"The condition did not hold within {seconds} s.");
            await Task.Delay(50);
        }
    }
}
