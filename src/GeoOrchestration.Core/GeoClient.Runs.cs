using GeoOrchestration.Errors;
using GeoOrchestration.Identity;
using GeoOrchestration.Model;
using GeoOrchestration.Store;

namespace GeoOrchestration;

/// <summary>Runs of a request: resubmission, forced new runs, and removing an ended job.</summary>
public sealed partial class GeoClient
{
    /// <summary>
    /// Submits the request <paramref name="requestId"/>. Without <paramref name="force"/>, its latest
    /// run is returned when it has one (not created), else run 1 (whose job id is the request id) is
    /// created. With it, run latest+1 is created, unless the latest run is still live (a
    /// <see cref="GeoConflictException"/>: a second run of the same request beside a live one would
    /// work the same inputs twice at once; it is that run's to finish, or Stop-GeoJob's to end).
    /// </summary>
    /// <remarks>
    /// A run's job id follows from the request and the run number (<see cref="JobIdentity.RunJobId"/>),
    /// so two forced submissions at the same time both ask for the same next run: one creates it and
    /// the other, finding it there, is refused with a conflict naming it. Two concurrent forces make
    /// one new run, never two.
    /// </remarks>
    private async Task<SubmitResult> SubmitRunAsync(string requestId, bool force, Func<int, JobSubmitParams> run,
        CancellationToken cancellationToken)
    {
        var latest = await Store.JobLatestRunAsync(new JobLatestRunParams(requestId), cancellationToken);
        if (!force)
            return latest is not null ? new SubmitResult(latest, Created: false) : await Store.JobSubmitAsync(run(1), cancellationToken);
        if (latest is { } live && !live.Status.IsTerminal())
            throw RunConflict(live, $"run {live.Run} of this request is still {StatusNames.ToName(live.Status)}");
        var next = (latest?.Run ?? 0) + 1;
        var submitted = await Store.JobSubmitAsync(run(next), cancellationToken);
        if (!submitted.Created)
            throw RunConflict(submitted.Job, $"another submission created run {next} of this request at the same time (it is {StatusNames.ToName(submitted.Job.Status)})");
        return submitted;
    }

    private static GeoConflictException RunConflict(JobRecord job, string why) => new(GeoConflictException.JobStatusId,
        $"Job {job.JobId[..16]} was not run again: {why}. A new run starts only once the latest has ended: " +
        $"wait for it, or cancel it, then submit with force again; without force the submission returns job {job.JobId[..16]}.", job.JobId);

    /// <summary>
    /// Deletes an ended job (by id or unique prefix) with its stages, tasks, events and work items, in
    /// one transaction; returns the job as it was and, in <see cref="JobChangeOutcome.TasksAffected"/>,
    /// the tasks deleted. Other runs of its request stay. Files a job wrote outside the store stay too.
    /// </summary>
    /// <exception cref="GeoConflictException">The job is queued or processing (cancel it first), or a handler still runs one of its tasks; nothing is deleted.</exception>
    /// <exception cref="GeoNotFoundException">No such job.</exception>
    /// <exception cref="GeoValidationException">The id is malformed or an ambiguous prefix.</exception>
    /// <param name="jobId">A job id or unique prefix.</param>
    /// <param name="cancellationToken">Stops the call; the delete is applied whole or not at all.</param>
    /// <returns>The job as it was, and the number of its tasks deleted.</returns>
    public async Task<JobChangeOutcome> RemoveJobAsync(string jobId, CancellationToken cancellationToken = default)
    {
        var id = await ResolveJobIdAsync(jobId, cancellationToken);
        var outcome = await Store.JobDeleteAsync(new JobDeleteParams(id), cancellationToken);
        return outcome switch
        {
            { Status: JobChangeStatus.Changed } => outcome,
            { Status: JobChangeStatus.NotFound } => throw new GeoNotFoundException("Job", jobId),
            { Job: { } job } when !job.Status.IsTerminal() => throw new GeoConflictException(GeoConflictException.JobStatusId,
                $"Job {id} is {StatusNames.ToName(job.Status)}; it can be removed only once it has ended: cancel it first (it stays in the store until removed). Nothing was removed.", id),
            { Job: { } job } => throw new GeoConflictException(GeoConflictException.JobStatusId,
                $"Job {id} ended {StatusNames.ToName(job.Status)}, but {outcome.TasksAffected} of its tasks are still being stopped by their workers; " +
                "remove it once they have stopped (at their next heartbeat). Nothing was removed.", id),
            _ => throw new ContractViolationException($"The store refused to delete job {id} without saying how it stands."),
        };
    }

    /// <summary>
    /// The request id a user means: a whole request id, or the id (whole or unique prefix) of any run
    /// of it (run 1's job id is the request id, so a request id's prefix works while run 1 exists).
    /// </summary>
    /// <exception cref="GeoNotFoundException">The text is not a whole id and no job has that id or prefix.</exception>
    /// <param name="requestOrJobId">A request id, or any run's id or unique prefix.</param>
    /// <param name="cancellationToken">Stops the lookup.</param>
    /// <returns>The whole request id.</returns>
    /// <exception cref="GeoValidationException">The text is malformed or an ambiguous prefix.</exception>
    public async Task<string> ResolveRequestIdAsync(string requestOrJobId, CancellationToken cancellationToken = default)
    {
        // A whole id is taken as it is: the request may have runs whose ids it is not (run 1 removed).
        if (JobIdentity.IsJobId(requestOrJobId) &&
            await Store.JobLatestRunAsync(new JobLatestRunParams(requestOrJobId), cancellationToken) is not null)
            return requestOrJobId;
        return (await GetJobAsync(requestOrJobId, cancellationToken)).RequestId;
    }
}
