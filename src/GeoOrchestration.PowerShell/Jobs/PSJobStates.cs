extern alias PublicErrors;
using System.Management.Automation;
using GeoOrchestration.Model;
using GeoOrchestration.PowerShell.Infrastructure;

namespace GeoOrchestration.PowerShell.Jobs;

/// <summary>
/// A GeoJob's status as a PowerShell job state, and what its ending leaves for <c>Receive-Job</c>:
/// queued → NotStarted, processing → Running, completed → Completed, completed_with_errors → Completed
/// with a warning, failed → Failed with a <see cref="GeoJobFailedException"/> as the reason (PowerShell's
/// <c>Receive-Job</c> writes it as the job's one error), cancelled → Stopped with the cancel reason and a warning.
/// </summary>
internal static class PSJobStates
{
    public static JobState Of(JobStatus status) => status switch
    {
        JobStatus.Queued => JobState.NotStarted,
        JobStatus.Processing => JobState.Running,
        JobStatus.Completed or JobStatus.CompletedWithErrors => JobState.Completed,
        JobStatus.Failed => JobState.Failed,
        _ => JobState.Stopped,
    };

    /// <summary>Whether a PowerShell job in <paramref name="state"/> has ended (PowerShell's own test is internal).</summary>
    public static bool IsFinished(JobState state) => state is JobState.Completed or JobState.Failed or JobState.Stopped;

    /// <summary>
    /// The reason the state carries: for a failed job the public exception of <see cref="GeoJobFailedException"/>
    /// (<c>catch [GeoOrchestration.Errors.GeoPermanentException]</c>, ErrorId <c>JobFailed</c>), for a cancelled one
    /// the cancel reason as a public cancelled exception; null otherwise.
    /// </summary>
    public static Exception? ReasonOf(JobRecord job) => job.Status switch
    {
        JobStatus.Failed => Infrastructure.PublicErrors.From(new GeoJobFailedException(
            $"Job {PSJobIdentity.NameOf(job.JobId)} ({job.JobType}) failed: {job.Error ?? "no error was recorded"}", job.JobId)),
        JobStatus.Cancelled => new PublicErrors::GeoOrchestration.Errors.GeoCancelledException(
            $"Job {PSJobIdentity.NameOf(job.JobId)} ({job.JobType}) was cancelled: {job.Error ?? "no reason was recorded"}", "JobCancelled", job.JobId, null),
        _ => null,
    };

    /// <summary>The warning an ended job leaves for <c>Receive-Job</c>, or null: completed with errors, or cancelled.</summary>
    public static string? WarningOf(JobRecord job) => job.Status switch
    {
        JobStatus.CompletedWithErrors => $"Job {PSJobIdentity.NameOf(job.JobId)} ({job.JobType}) completed with errors: {job.Error ?? "see Get-GeoTask"}",
        JobStatus.Cancelled => $"Job {PSJobIdentity.NameOf(job.JobId)} ({job.JobType}) was cancelled: {job.Error ?? "no reason was recorded"}",
        _ => null,
    };

    /// <summary>What a job in this state is doing, as <c>$job.StatusMessage</c> says it.</summary>
    public static string MessageOf(JobRecord job) => job.Status switch
    {
        JobStatus.Queued or JobStatus.Processing => $"{StatusNames.ToName(job.Status)}: stage {job.Stage} of {job.TotalStages}",
        _ when job.Error is { Length: > 0 } error => $"{StatusNames.ToName(job.Status)}: {error}",
        _ => StatusNames.ToName(job.Status),
    };
}
