using System.Collections.Concurrent;
using GeoOrchestration.Model;

namespace GeoOrchestration.PowerShell.Jobs;

/// <summary>
/// The GeoJobs one PowerShell session (runspace) holds as PowerShell jobs: those it submitted with
/// <c>Submit-GeoJob -AsJob</c> and those it looked up with <c>Get-Job -Name</c> or <c>-InstanceId</c>, in the
/// order it first saw them, one PowerShell job per store and job. <c>Get-Job</c> lists these, not the store's
/// every job (a store may hold 100,000). Removing the module forgets them all and stops their watch.
/// </summary>
internal sealed class SessionJobs
{
    private static readonly ConcurrentDictionary<Guid, SessionJobs> Sessions = new();
    private static volatile bool _enabled;

    private readonly object _gate = new();
    private readonly List<GeoPSJob> _jobs = [];
    private readonly JobWatch _watch;

    private SessionJobs() => _watch = new JobWatch(LiveJobs);

    /// <summary>The module is imported: sessions may hold jobs.</summary>
    public static void Enable() => _enabled = true;

    /// <summary>The module is removed: every session forgets its jobs (the registered adapter then lists none).</summary>
    public static void Disable()
    {
        _enabled = false;
        foreach (var session in Sessions.Values) session._watch.Dispose();
        Sessions.Clear();
    }

    /// <summary>The jobs of a session, or null while the module is not imported.</summary>
    public static SessionJobs? For(Guid session) => _enabled ? Sessions.GetOrAdd(session, _ => new SessionJobs()) : null;

    /// <summary>The session's PowerShell job for a job of a store: the one it holds (updated to <paramref name="job"/>), else a new one it now holds.</summary>
    public GeoPSJob Track(GeoConnectionInfo connection, JobRecord job)
    {
        GeoPSJob? known, added = null;
        lock (_gate)
        {
            known = _jobs.Find(j => j.JobId == job.JobId && j.Connection.Key == connection.Key);
            if (known is null) _jobs.Add(added = new GeoPSJob(connection, job));
        }
        // Outside the lock, as the watch's reads: a state change raises PowerShell's handlers, and the watch
        // takes this lock to count live jobs when it stops.
        known?.Apply(job);
        var tracked = known ?? added!;
        if (tracked.IsLive) _watch.Start();
        return tracked;
    }

    /// <summary>Forgets a job (removed with <c>Remove-Job</c>).</summary>
    public void Untrack(GeoPSJob job)
    {
        lock (_gate) _jobs.Remove(job);
    }

    /// <summary>Every job the session holds, in the order it first saw them.</summary>
    public IReadOnlyList<GeoPSJob> All()
    {
        lock (_gate) return [.. _jobs];
    }

    private IReadOnlyList<GeoPSJob> LiveJobs()
    {
        lock (_gate) return _jobs.Where(j => j.IsLive).ToList();
    }
}
