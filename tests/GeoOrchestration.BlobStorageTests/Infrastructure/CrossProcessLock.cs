namespace GeoOrchestration.BlobStorageTests.Infrastructure;

/// <summary>
/// A lock shared by the processes of one machine: an exclusively opened file (on Linux an flock, which the kernel
/// releases when the holder dies, so a killed test run never leaves it held). As the integration tests' own.
/// </summary>
internal sealed class CrossProcessLock : IDisposable
{
    private readonly FileStream _file;

    private CrossProcessLock(FileStream file) => _file = file;

    /// <summary>Waits for the lock on <paramref name="path"/>, polling every 250 ms.</summary>
    /// <exception cref="TimeoutException">Another process held it for longer than <paramref name="timeout"/>.</exception>
    public static CrossProcessLock Acquire(string path, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                return new CrossProcessLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(250);
            }
            catch (IOException e)
            {
                throw new TimeoutException($"Another process held {path} for longer than {timeout.TotalMinutes:0} minutes.", e);
            }
        }
    }

    public void Dispose() => _file.Dispose();
}
