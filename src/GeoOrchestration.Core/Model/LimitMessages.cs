namespace GeoOrchestration.Model;

/// <summary>
/// The reasons recorded when work overran a limit. They state the limit as it was configured (not a
/// length derived from timestamps), in <see cref="DurationText"/>'s form; the worker's own timer and
/// the janitor's backstop record the same words, so a reason does not depend on who noticed first.
/// </summary>
public static class LimitMessages
{
    /// <summary>A job still live after its job timeout (measured from submission, or from its last retry).</summary>
    /// <param name="timeout">The job timeout as configured.</param>
    /// <returns>The reason recorded as the job's error.</returns>
    public static string JobTimedOut(TimeSpan timeout) => $"The job exceeded its timeout of {DurationText.Format(timeout)}.";

    /// <summary>A task attempt that ran longer than its task timeout.</summary>
    /// <param name="timeout">The task timeout as configured.</param>
    /// <returns>The reason recorded as the task's error.</returns>
    public static string TaskTimedOut(TimeSpan timeout) => $"The task ran longer than its timeout of {DurationText.Format(timeout)}.";

    /// <summary>
    /// A task attempt whose worker stopped renewing its lease. <paramref name="lease"/> is the lease
    /// length the worker claimed with, or null where the store does not know it.
    /// </summary>
    /// <param name="owner">The worker id that held the lease.</param>
    /// <param name="attempt">The attempt that lost it, from 1.</param>
    /// <param name="maxAttempts">The task's attempt limit.</param>
    /// <param name="lease">The lease length, or null.</param>
    /// <returns>The reason recorded as the task's error.</returns>
    public static string LeaseExpired(string owner, int attempt, int maxAttempts, TimeSpan? lease) => lease is { } length
        ? $"The lease of {owner} expired on attempt {attempt} of {maxAttempts}: it was not renewed within {DurationText.Format(length)} (worker lost or hung)."
        : $"The lease of {owner} expired on attempt {attempt} of {maxAttempts} (worker lost or hung).";
}
