using System.Collections;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Management.Automation.Runspaces;
using GeoOrchestration.Identity;
using GeoOrchestration.PowerShell.Infrastructure;
using GeoOrchestration.Model;
using GeoOrchestration.Store;

namespace GeoOrchestration.PowerShell.Completion;

/// <summary>
/// Completes <c>-JobId</c> from the store: the jobs whose id starts with what was typed, the most
/// recently submitted first, as the 16 characters listings show (type, status and submission time
/// in the tooltip). Two bounded reads (one page of the newest jobs, then a range of the primary key
/// for an older id typed in part); the store of <c>-Connection</c> when it is typed, else the
/// session's. It never creates a store (an embedded file that does not exist offers nothing) and
/// never shows an error: a store that fails or does not answer within <see cref="Patience"/>
/// offers nothing.
/// </summary>
public sealed class JobIdCompleter : IArgumentCompleter
{
    /// <summary>How many of the newest jobs are read, and how many ids at most are offered.</summary>
    internal const int Shown = 100;

    /// <summary>How long completion waits for the store before offering nothing.</summary>
    internal static readonly TimeSpan Patience = TimeSpan.FromSeconds(3);

    // Completion runs on the session's pipeline thread, so its location is readable; the process's
    // folder is the fallback for a host without one (a relative sqlite: path in GEO_CONNECTION).
    private static string CurrentFolder() =>
        Runspace.DefaultRunspace?.SessionStateProxy?.Path?.CurrentFileSystemLocation?.ProviderPath ?? Environment.CurrentDirectory;

    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var typed = wordToComplete.Trim('\'', '"');
        try
        {
            var connection = ConnectionCache.Resolve(GivenConnection(fakeBoundParameters), Runspace.DefaultRunspace?.InstanceId ?? Guid.Empty, CurrentFolder);
            if (connection.IsEmbedded && !File.Exists(connection.Path)) return [];
            var client = ConnectionCache.ClientFor(connection);
            // Off the pipeline thread, as cmdlets run engine work: the engine's awaits must not need it.
            return Task.Run(() => CompleteAsync(client, typed)).GetAwaiter().GetResult();
        }
        catch (Exception)
        {
            // Completion is a convenience: an unreachable, missing or broken store offers nothing rather than an error.
            return [];
        }
    }

    private static async Task<IReadOnlyList<CompletionResult>> CompleteAsync(GeoClient client, string typed)
    {
        using var patience = new CancellationTokenSource(Patience);
        var recent = await client.ListJobsAsync(new JobListParams(Limit: Shown), patience.Token);
        var results = recent.Where(j => j.JobId.StartsWith(typed, StringComparison.OrdinalIgnoreCase)).Select(Result).ToList();
        // An older job typed in part: the ids that start with it, from the primary key.
        if (results.Count == 0 && typed.Length > 0 && JobIdentity.IsJobIdPrefix(typed.PadRight(JobIdentity.MinJobIdPrefixLength, '0')))
        {
            var older = await client.FindJobIdsAsync(typed, Shown, patience.Token);
            results.AddRange(older.Select(id => new CompletionResult(Short(id), Short(id), CompletionResultType.ParameterValue, id)));
        }
        return results;
    }

    private static CompletionResult Result(JobRecord job)
    {
        var status = StatusNames.ToName(job.Status);
        var submitted = LocalTime.Of(job.Created).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        return new CompletionResult(Short(job.JobId), $"{Short(job.JobId)} {job.JobType} {status}", CompletionResultType.ParameterValue,
            $"{job.JobId}: {job.JobType}, {status}, submitted {submitted}");
    }

    private static string Short(string jobId) => jobId.Length > 16 ? jobId[..16] : jobId;

    private static GeoConnectionInfo? GivenConnection(IDictionary bound) =>
        (bound["Connection"] is PSObject wrapped ? wrapped.BaseObject : bound["Connection"]) switch
        {
            GeoConnectionInfo connection => connection,
            string text => ConnectionCache.FromText(text, null, CurrentFolder),
            _ => null,
        };
}
