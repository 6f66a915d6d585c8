using System.Management.Automation;
using System.Runtime.CompilerServices;
using GeoOrchestration.Model;

namespace GeoOrchestration.PowerShell.Infrastructure;

/// <summary>
/// How the job ids a cmdlet takes are read: a wildcard pattern (<c>3f2a*</c>) stands for every job
/// whose id matches, newest first; anything else (a whole id, a unique prefix of 8 or more
/// characters) names one job, which the engine resolves. The same on every cmdlet that takes
/// <c>-JobId</c>, whether the ids come as arguments or as strings from the pipeline.
/// </summary>
internal static class JobIdInput
{
    /// <summary>Whether <paramref name="id"/> is a pattern to match rather than an id or prefix to resolve.</summary>
    public static bool IsPattern(string id) => WildcardPattern.ContainsWildcardCharacters(id);

    /// <summary>The jobs whose id matches <paramref name="pattern"/> (case-insensitive), newest first, read as the store pages them.</summary>
    public static async IAsyncEnumerable<JobRecord> MatchingAsync(GeoClient client, string pattern,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var wildcard = new WildcardPattern(pattern, WildcardOptions.IgnoreCase);
        await foreach (var job in client.EnumerateJobsAsync(new JobQuery(), cancellationToken))
            if (wildcard.IsMatch(job.JobId)) yield return job;
    }

    /// <summary>The ids of the jobs matching <paramref name="pattern"/>, newest first.</summary>
    public static async Task<IReadOnlyList<JobRecord>> ListMatchingAsync(GeoClient client, string pattern, CancellationToken cancellationToken)
    {
        var jobs = new List<JobRecord>();
        await foreach (var job in MatchingAsync(client, pattern, cancellationToken)) jobs.Add(job);
        return jobs;
    }
}
