using System.Management.Automation;
using System.Management.Automation.Runspaces;
using GeoOrchestration.Errors;
using GeoOrchestration.Model;
using GeoOrchestration.PowerShell.Infrastructure;

namespace GeoOrchestration.PowerShell.Jobs;

/// <summary>
/// What <see cref="GeoJobSourceAdapter"/> asks the store: jobs by id or prefix on the session's connection (as its
/// other commands resolve it), the live state of held jobs, and deletes. Kept apart from the adapter, which PowerShell
/// still calls after the module is removed, so that nothing here is loaded then.
/// </summary>
internal sealed class StoreLookup(SessionJobs jobs, Guid session)
{
    /// <summary>How long <c>Remove-Job</c> waits for workers to stop the tasks of a job just cancelled (they stop at their next heartbeat).</summary>
    internal static readonly TimeSpan StoppingWait = TimeSpan.FromSeconds(60);

    /// <summary>Held jobs whose name (short id) or id matches; a whole id or unique prefix no held job has is looked up in the store.</summary>
    public IList<Job2> ByName(string name)
    {
        var wildcard = WildcardPattern.ContainsWildcardCharacters(name);
        var pattern = WildcardPattern.Get(name, WildcardOptions.IgnoreCase);
        var held = jobs.All().Where(j => pattern.IsMatch(j.Name) || pattern.IsMatch(j.JobId) ||
            (!wildcard && j.JobId.StartsWith(name, StringComparison.OrdinalIgnoreCase))).ToList();
        if (held.Count > 0 || wildcard || !PSJobIdentity.CouldBeJobId(name)) return Refreshed(held);
        return Find(name, quiet: false) is { } found ? [found] : [];
    }

    /// <summary>The held job with this instance id, else the store's job whose id begins with it.</summary>
    public Job2? ByInstanceId(Guid instanceId) =>
        jobs.All().FirstOrDefault(j => j.InstanceId == instanceId) is { } held
            ? Refreshed([held])[0]
            // Any job's instance id is asked for here (a background job's too): a store that cannot say is "not ours".
            : Find(PSJobIdentity.PrefixOf(instanceId), quiet: true);

    /// <summary>The jobs, each live one read from the store first; one the store cannot be read for now keeps its last state.</summary>
    public static IList<Job2> Refreshed(IEnumerable<GeoPSJob> held)
    {
        var list = held.ToList();
        foreach (var job in list.Where(j => j.IsLive))
        {
            try
            {
                job.Refresh();
            }
            catch (GeoException)
            {
                // Listed as last read (its StateReadAt says when): Get-Job goes on with the other jobs.
            }
        }
        return [.. list];
    }

    /// <summary>Held jobs matching every key of a <c>Get-Job -Filter</c> hashtable.</summary>
    /// <exception cref="ArgumentException">A key other than JobId, JobType, Status and Name.</exception>
    public static IList<Job2> Filtered(IReadOnlyList<GeoPSJob> held, Dictionary<string, object> filter)
    {
        var tests = filter.Select(pair => Test(pair.Key, pair.Value?.ToString() ?? "")).ToList();
        return Refreshed(held).Cast<GeoPSJob>().Where(j => tests.All(t => t(j))).Cast<Job2>().ToList();
    }

    private static Func<GeoPSJob, bool> Test(string key, string value)
    {
        var pattern = WildcardPattern.Get(value, WildcardOptions.IgnoreCase);
        Func<GeoPSJob, string> property = key.ToLowerInvariant() switch
        {
            "jobid" => j => j.JobId,
            "jobtype" => j => j.JobType,
            "status" => j => j.Status,
            "name" => j => j.Name,
            _ => throw new ArgumentException($"Get-Job -Filter: GeoJobs are filtered by JobId, JobType, Status or Name; '{key}' is none of them.", nameof(key)),
        };
        return j => pattern.IsMatch(property(j));
    }

    /// <summary>
    /// Deletes the job from its store. A job that has ended but whose tasks its workers are still stopping (just
    /// cancelled by <c>Remove-Job -Force</c>) is deleted once they have, waiting up to <see cref="StoppingWait"/>.
    /// </summary>
    /// <exception cref="Exception">The public exception of the engine's error (a live job: GeoConflict), nothing deleted.</exception>
    public static void Delete(GeoPSJob job)
    {
        var client = ConnectionCache.ClientFor(job.Connection);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            try
            {
                GeoPSJob.Await(token => client.RemoveJobAsync(job.JobId, token));
                return;
            }
            catch (GeoNotFoundException)
            {
                return; // Removed already (by another session): what was asked for holds.
            }
            catch (GeoConflictException) when (waited.Elapsed < StoppingWait && Ended(client, job.JobId))
            {
                Thread.Sleep(JobWatch.Interval);
            }
            catch (GeoException e)
            {
                throw PublicErrors.From(e);
            }
        }
    }

    private static bool Ended(GeoClient client, string jobId) =>
        GeoPSJob.Await(token => client.GetJobAsync(jobId, token)).Status.IsTerminal();

    /// <summary>The store's job with this id or unique prefix, now held by the session; null when the store has none.</summary>
    private GeoPSJob? Find(string idOrPrefix, bool quiet)
    {
        var connection = SessionConnection();
        try
        {
            var record = GeoPSJob.Await(token => ConnectionCache.ClientFor(connection).GetJobAsync(idOrPrefix, token));
            return jobs.Track(connection, record);
        }
        catch (Exception e) when (quiet || e is GeoNotFoundException || GeoErrors.CategoryOf(e) == GeoErrorCategory.Configuration)
        {
            // No such job, or no store there yet: nothing of ours has that name.
            return null;
        }
        catch (GeoException e)
        {
            throw PublicErrors.From(e);
        }
    }

    /// <summary>The session's store, resolved as its commands resolve it (a relative sqlite: path from its current location).</summary>
    private GeoConnectionInfo SessionConnection() => ConnectionCache.Resolve(null, session, CurrentFolder);

    private static string CurrentFolder()
    {
        try
        {
            return Runspace.DefaultRunspace?.SessionStateProxy.Path.CurrentFileSystemLocation.ProviderPath ?? Environment.CurrentDirectory;
        }
        catch (Exception e) when (e is PSInvalidOperationException or InvalidRunspaceStateException)
        {
            return Environment.CurrentDirectory;
        }
    }
}
