using GeoOrchestration.Errors;
using GeoOrchestration.Model;
using GeoOrchestration.Store;

namespace GeoOrchestration.PowerShell.Infrastructure;

/// <summary>
/// What <c>Stop-GeoJob</c> and <c>Restart-GeoJob</c> share: which jobs a call names, and what
/// becomes of a job whose state refuses the change. A job named on its own as an argument (an id or
/// a prefix) was asked for by name, so a refusal is a GeoConflict error. Jobs selected in bulk (ids
/// or jobs from the pipeline, or a wildcard pattern) are skipped with a verbose line when their
/// state refuses the change, before any ShouldProcess prompt: <c>Get-GeoJob | Stop-GeoJob</c>
/// cancels the live jobs and passes over the ended ones, as <c>Get-Job | Stop-Job</c> does.
/// </summary>
public abstract class JobChangeCmdletBase : GeoCmdlet
{
    /// <summary>The ShouldProcess action ("Cancel").</summary>
    private protected abstract string Action { get; }

    /// <summary>What the change needs, as the end of "it can be cancelled only while ...".</summary>
    private protected abstract string Condition { get; }

    /// <summary>Whether a job in <paramref name="status"/> can take the change (the engine's own rule).</summary>
    private protected abstract bool CanChange(JobStatus status);

    /// <summary>Checks of the call's own parameters, made per job before anything else (-WhatIf too).</summary>
    private protected virtual void Check() { }

    /// <summary>Makes the change through the engine (compare-and-set: a state that changed meanwhile is a GeoConflict).</summary>
    private protected abstract Task<JobChangeOutcome> ChangeAsync(string jobId, CancellationToken cancellationToken);

    /// <summary>Reports a job that changed.</summary>
    private protected abstract void Changed(JobChangeOutcome outcome);

    /// <summary>Changes each job <paramref name="ids"/> names; one error per id that fails, and the others go on.</summary>
    private protected void ChangeJobs(IEnumerable<string> ids)
    {
        // Pipeline input selects in bulk, whether it is strings or objects bound by their JobId.
        var fromPipeline = MyInvocation.ExpectingInput;
        foreach (var id in ids)
        {
            if (!JobIdInput.IsPattern(id))
            {
                ForItem(id, () => ChangeOne(id, null, bulk: fromPipeline));
                continue;
            }
            ForItem(id, () =>
            {
                foreach (var job in Run(token => JobIdInput.ListMatchingAsync(Client, id, token)))
                    ForItem(job.JobId, () => ChangeOne(job.JobId, job.Status, bulk: true));
            });
        }
    }

    private void ChangeOne(string id, JobStatus? known, bool bulk)
    {
        Check();
        if (bulk)
        {
            var status = known ?? JobStatus.Queued;
            if (known is null)
            {
                var job = Run(token => Client.GetJobAsync(id, token));
                (id, status) = (job.JobId, job.Status);
            }
            if (!CanChange(status))
            {
                WriteVerbose(Skipped(id, StatusNames.ToName(status)));
                return;
            }
        }
        if (!ShouldProcess($"job {id}", Action)) return;
        JobChangeOutcome outcome;
        try
        {
            outcome = Run(token => ChangeAsync(id, token));
        }
        catch (GeoConflictException e) when (bulk && e.ErrorId == GeoConflictException.JobStatusId)
        {
            // Its state changed between the look and the change (a worker finished it): skipped all the same.
            WriteVerbose($"{e.Message} Skipped.");
            return;
        }
        Changed(outcome);
    }

    private string Skipped(string id, string status) =>
        $"Job {(id.Length > 16 ? id[..16] : id)} is {status}: skipped (it can be {Condition}).";
}
