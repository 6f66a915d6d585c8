using System.Diagnostics;
using GeoOrchestration.IntegrationTests.Infrastructure;

namespace GeoOrchestration.IntegrationTests.Fixture;

/// <summary>
/// The lock under which one test process builds the missing PostgreSQL image while the others wait:
/// it excludes another process (flock(1), as a second test process would meet it) and another
/// holder in this one, and is free again once released.
/// </summary>
public sealed class CrossProcessLockTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"geoorch-lock-test-{Guid.NewGuid():N}.lock");

    [Fact]
    public void Held_ExcludesAnotherProcessUntilReleased()
    {
        using (CrossProcessLock.Acquire(_path, TimeSpan.FromSeconds(10)))
            Assert.Equal(1, FlockInAnotherProcess()); // 1: held elsewhere, exclusively (a shared lock is refused too)
        Assert.Equal(0, FlockInAnotherProcess());
    }

    [Fact]
    public void Held_SecondAcquireWaitsThenTimesOut_AndSucceedsOnceReleased()
    {
        var first = CrossProcessLock.Acquire(_path, TimeSpan.FromSeconds(10));
        Assert.Throws<TimeoutException>(() => CrossProcessLock.Acquire(_path, TimeSpan.FromMilliseconds(600)));
        first.Dispose();
        using var second = CrossProcessLock.Acquire(_path, TimeSpan.FromSeconds(10));
    }

    private int FlockInAnotherProcess()
    {
        using var process = Process.Start(new ProcessStartInfo("flock", ["--shared", "--nonblock", _path, "true"]) { RedirectStandardError = true })!;
        process.WaitForExit();
        return process.ExitCode;
    }

    public void Dispose() => File.Delete(_path);
}
