using GeoOrchestration.Errors;
using GeoOrchestration.Model;

namespace GeoOrchestration.Progress;

/// <summary>Something <see cref="GeoClient.WaitForJobsAsync"/> reports while it waits.</summary>
public abstract record JobWaitEvent;

/// <summary>A job's latest progress (reported when the wait starts and whenever it changes).</summary>
/// <param name="Progress">The job's progress as last read.</param>
public sealed record JobWaitProgress(JobProgress Progress) : JobWaitEvent;

/// <summary>A job reached a terminal status (with its stages' final counts).</summary>
/// <param name="Progress">The job's final progress.</param>
public sealed record JobWaitFinished(JobProgress Progress) : JobWaitEvent
{
    /// <summary>The job as it ended.</summary>
    public JobRecord Job => Progress.Job;
}

/// <summary>The wait gave up on a job that is still running; the job goes on.</summary>
/// <param name="Job">The job as last read.</param>
/// <param name="Error">The timeout error a front end reports (exit 5, <c>WaitTimeout</c>).</param>
public sealed record JobWaitTimedOut(JobRecord Job, GeoTimeoutException Error) : JobWaitEvent;

/// <summary>
/// No watched job has moved for a while and nobody seems to run it: the worker registry holds no live
/// worker, or none that can run a watched job's type (a store without a registry: no worker has left
/// a mark on the store for <see cref="Idle"/>). Reported at most once per wait.
/// </summary>
/// <param name="Idle">How long no worker was seen: since the last heartbeat of a lost worker, the last mark of any worker, or else how long nothing moved.</param>
/// <param name="Message">A sentence for the user, saying how to start a worker.</param>
public sealed record JobWaitNoWorker(TimeSpan Idle, string Message) : JobWaitEvent;
