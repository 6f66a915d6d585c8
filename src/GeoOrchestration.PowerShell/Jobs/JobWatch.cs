using System.Management.Automation;
using System.Reflection;

namespace GeoOrchestration.PowerShell.Jobs;

/// <summary>
/// Reads a session's live jobs from the store every <see cref="Interval"/> while something waits on them, so that
/// <c>Wait-Job</c> and <c>Receive-Job -Wait</c> return when a job ends: a job is waited on while a handler is subscribed
/// to its <c>StateChanged</c> event (how both cmdlets, and <c>Register-ObjectEvent</c>, wait). A job nothing waits on
/// costs no store read. The timer runs only while the session holds live jobs, and stops with the last of them.
/// </summary>
internal sealed class JobWatch(Func<IReadOnlyList<GeoPSJob>> liveJobs) : IDisposable
{
    /// <summary>How often a waited-on job is read: half a second, as <c>Wait-GeoJob</c> polls at its slowest.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    // PowerShell keeps no public count of a job's subscribers: the event's compiler-made field says it. Where a future
    // PowerShell renames it, every live job counts as waited on (a read per live job per interval, never a missed end).
    private static readonly FieldInfo? StateChangedField = typeof(Job).GetField("StateChanged", BindingFlags.Instance | BindingFlags.NonPublic);

    private readonly object _gate = new();
    private Timer? _timer;
    private int _ticking;
    private bool _disposed;

    /// <summary>Starts the timer unless it runs.</summary>
    public void Start()
    {
        lock (_gate)
        {
            if (_disposed || _timer is not null) return;
            _timer = new Timer(_ => Tick(), null, Interval, Interval);
        }
    }

    /// <summary>Whether a handler waits on the job's state.</summary>
    internal static bool IsWaitedOn(Job job) => StateChangedField is null || StateChangedField.GetValue(job) is Delegate;

    private void Tick()
    {
        // One tick at a time: a slow store never piles reads up.
        if (Interlocked.Exchange(ref _ticking, 1) == 1) return;
        try
        {
            var live = liveJobs();
            if (live.Count == 0 && Stopped()) return;
            foreach (var job in live.Where(IsWaitedOn))
            {
                try
                {
                    job.Refresh();
                }
                catch (Exception)
                {
                    // A store that does not answer now may answer at the next tick; the wait goes on, as Wait-GeoJob's does.
                }
            }
        }
        finally
        {
            Volatile.Write(ref _ticking, 0);
        }
    }

    /// <summary>Stops the timer when, looked at again under its lock, no job is live (a job tracked meanwhile starts it again).</summary>
    private bool Stopped()
    {
        lock (_gate)
        {
            if (liveJobs().Count > 0) return false;
            _timer?.Dispose();
            _timer = null;
            return true;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _timer?.Dispose();
            _timer = null;
        }
    }
}
