using System.Globalization;
using GeoOrchestration.Model;

namespace GeoOrchestration.Progress;

/// <summary>
/// A job's progress: the one definition every front end shows (Get-GeoJob's list and single view,
/// Wait-GeoJob's progress bar, geoorch's tables and JSON), computed here and nowhere else.
/// </summary>
/// <param name="Job">The job as read.</param>
/// <param name="Current">
/// The counts of the job's current stage (<see cref="JobRecord.Stage"/>) read with it, or null
/// while that stage is not planned yet (or the counts were not read).
/// </param>
/// <remarks>
/// <para>The formula, in percent of the whole job:</para>
/// <list type="bullet">
/// <item>a <c>completed</c> or <c>completed_with_errors</c> job is 100;</item>
/// <item>otherwise each stage before the current one counts whole, and the current one by its
/// share: (tasks done + the running tasks' reported progress in tasks) / its task count, at most 1
/// (0 while it is not planned, or when it has no tasks);</item>
/// <item>percent = 100 · (stage − 1 + share) / total stages, rounded to one decimal.</item>
/// </list>
/// <para>A failed or cancelled job keeps the figure it stopped at (its tasks done; running tasks
/// no longer count), so "4/8 50%" of a cancelled one-stage job reads the same everywhere.</para>
/// </remarks>
public sealed record JobProgress(JobRecord Job, StageProgress? Current)
{
    /// <summary>Tasks of the current stage counted done (completed, or failed within its tolerance); null while it is not planned.</summary>
    public int? TasksDone => Current?.Done;

    /// <summary>Tasks of the current stage; null while it is not planned.</summary>
    public int? TasksTotal => Current?.TaskCount;

    /// <summary>Overall completion in percent, 0..100, rounded to one decimal (see the remarks for the formula).</summary>
    /// <value>0 to 100, half away from zero.</value>
    public double Percent => Math.Round(PercentOf(Job, Current), 1, MidpointRounding.AwayFromZero);

    /// <summary>The unrounded formula (see the remarks).</summary>
    /// <param name="job">The job as read.</param>
    /// <param name="current">Its current stage's counts; null (or another stage's) counts the stage as not started.</param>
    /// <returns>Percent of the whole job, 0 to 100.</returns>
    public static double PercentOf(JobRecord job, StageProgress? current)
    {
        if (job.Status is JobStatus.Completed or JobStatus.CompletedWithErrors) return 100;
        if (job.TotalStages < 1) return 0;
        var share = current is { TaskCount: > 0 } c && c.Stage == job.Stage
            ? Math.Min(1, (c.Done + (job.Status.IsTerminal() ? 0 : c.Running)) / c.TaskCount)
            : 0;
        return Math.Clamp(100.0 * (job.Stage - 1 + share) / job.TotalStages, 0, 100);
    }

    /// <summary>
    /// The short form every table shows: <c>3/4 58%</c> (tasks done of the current stage, then the
    /// percent as a whole number), or just <c>0%</c> while the stage is not planned.
    /// </summary>
    /// <returns>The short form.</returns>
    public override string ToString() =>
        (Current is { } c ? $"{c.Done}/{c.TaskCount} " : "") + Math.Round(Percent, MidpointRounding.AwayFromZero).ToString("0", CultureInfo.InvariantCulture) + "%";
}
