namespace GeoOrchestration.ServiceBus.Tests.Transport.Support;

/// <summary>Waits for a condition the transport reaches asynchronously, failing (not hanging) after a generous bound.</summary>
internal static class Until
{
    public static Task TrueAsync(Func<bool> condition, int seconds = 60) => TrueAsync(() => Task.FromResult(condition()), seconds);

    public static async Task TrueAsync(Func<Task<bool>> condition, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"The condition did not hold within {seconds} s.");
            await Task.Delay(50);
        }
    }
}
