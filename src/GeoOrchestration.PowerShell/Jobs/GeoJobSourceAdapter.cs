using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace GeoOrchestration.PowerShell.Jobs;

/// <summary>
/// Makes GeoJobs PowerShell jobs: PowerShell registers this adapter with the session's job manager when it imports
/// the module (as it registers PSScheduledJob's), and <c>Get-Job</c>, <c>Wait-Job</c>, <c>Receive-Job</c>,
/// <c>Stop-Job</c> and <c>Remove-Job</c> then ask it for the session's GeoJobs (<see cref="SessionJobs"/>).
/// <c>Get-Job</c> lists the jobs the session holds: those <c>Submit-GeoJob -AsJob</c> returned and those found by
/// <c>-Name</c> (a job id or a unique prefix of 8 or more characters: the store of the session's connection is
/// asked, so a job submitted elsewhere is found) or <c>-InstanceId</c>; wildcards match the held jobs only.
/// PowerShell cannot unregister an adapter: once the module is removed it lists no job and reads no store.
/// </summary>
public sealed class GeoJobSourceAdapter : JobSourceAdapter
{
    private readonly Guid _session;

    /// <summary>Made by PowerShell's job manager, on the thread of the session importing the module.</summary>
    public GeoJobSourceAdapter()
    {
        Name = GeoPSJob.TypeName;
        _session = Runspace.DefaultRunspace?.InstanceId ?? Guid.Empty;
    }

    // Null once the module is removed: every answer is then empty.
    private SessionJobs? Jobs => SessionJobs.For(_session);

    /// <summary>Not how GeoJobs start: <c>Submit-GeoJob -AsJob</c> submits one and returns its PowerShell job.</summary>
    public override Job2 NewJob(JobInvocationInfo specification) =>
        throw new NotSupportedException("GeoJobs are submitted with Submit-GeoJob -AsJob, which returns the job's PowerShell job.");

    public override IList<Job2> GetJobs() => Jobs is { } jobs ? StoreLookup.Refreshed(jobs.All()) : [];

    public override IList<Job2> GetJobsByName(string name, bool recurse) =>
        Jobs is { } jobs ? new StoreLookup(jobs, _session).ByName(name) : [];

    public override IList<Job2> GetJobsByCommand(string command, bool recurse)
    {
        if (Jobs is not { } jobs) return [];
        var pattern = WildcardPattern.Get(command, WildcardOptions.IgnoreCase);
        return StoreLookup.Refreshed(jobs.All().Where(j => pattern.IsMatch(j.Command)));
    }

    public override IList<Job2> GetJobsByState(JobState state, bool recurse) =>
        Jobs is { } jobs ? [.. StoreLookup.Refreshed(jobs.All()).Where(j => j.JobStateInfo.State == state)] : [];

    /// <summary>
    /// <c>Get-Job -Filter</c>: keys <c>JobId</c>, <c>JobType</c>, <c>Status</c> (the GeoJob's, e.g. <c>failed</c>) and
    /// <c>Name</c>, values with wildcards; every key must match. Another key is an error naming the ones there are.
    /// </summary>
    public override IList<Job2> GetJobsByFilter(Dictionary<string, object> filter, bool recurse) =>
        Jobs is { } jobs ? StoreLookup.Filtered(jobs.All(), filter) : [];

    public override Job2? GetJobByInstanceId(Guid instanceId, bool recurse) =>
        Jobs is { } jobs ? new StoreLookup(jobs, _session).ByInstanceId(instanceId) : null;

    public override Job2? GetJobBySessionId(int id, bool recurse) =>
        Jobs?.All().FirstOrDefault(j => j.Id == id) is { } job ? StoreLookup.Refreshed([job])[0] : null;

    /// <summary>
    /// <c>Remove-Job</c> (after its own ShouldProcess and its refusal of a job that has not ended, unless <c>-Force</c>,
    /// which stops it first): deletes the GeoJob from the store with its stages, tasks and events, then forgets it.
    /// When the store refuses (the job runs again after a <c>Restart-GeoJob</c>) the error is Remove-Job's and the job
    /// stays in the store, but the session forgets its PowerShell job all the same, since Remove-Job disposes of it
    /// whatever the outcome: <c>Get-Job -Name</c> finds the job again.
    /// </summary>
    public override void RemoveJob(Job2 job)
    {
        if (job is not GeoPSJob geoJob || Jobs is not { } jobs) return;
        try
        {
            StoreLookup.Delete(geoJob);
        }
        finally
        {
            jobs.Untrack(geoJob);
        }
    }
}
