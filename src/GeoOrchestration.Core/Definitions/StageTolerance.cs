using System.Globalization;

namespace GeoOrchestration.Definitions;

/// <summary>
/// How many of a stage's tasks may fail for good (a permanent failure, or retries exhausted) while
/// the job goes on: a number of tasks, or a percentage of the stage's tasks (rounded down, as a map
/// state's tolerated failure percentage: 10% of 15 tasks tolerates 1). A tolerated failure counts
/// toward the stage's completion, later stages see it (<see cref="StageResults.Failures"/>,
/// <see cref="TaskContext.FanInFailures"/>), and the job ends <c>completed_with_errors</c> with the
/// failed tasks in its result. One failure more than tolerated fails the job as any failure does
/// without tolerance, cancelling its other tasks. The default is <see cref="None"/>.
/// </summary>
public sealed record StageTolerance
{
    private StageTolerance(int? maxFailedTasks, double? maxFailedPercent)
    {
        MaxFailedTasks = maxFailedTasks;
        MaxFailedPercent = maxFailedPercent;
    }

    /// <summary>No failure is tolerated: the first one fails the job.</summary>
    public static StageTolerance None { get; } = new(0, null);

    /// <summary>Up to <paramref name="failedTasks"/> tasks (0 or more) may fail.</summary>
    /// <param name="failedTasks">How many tasks may fail, 0 or more; more than the stage has means all.</param>
    /// <returns>The tolerance.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="failedTasks"/> is negative.</exception>
    public static StageTolerance Count(int failedTasks) =>
        failedTasks >= 0 ? new(failedTasks, null)
            : throw new ArgumentOutOfRangeException(nameof(failedTasks), failedTasks, "A tolerated number of failed tasks cannot be negative.");

    /// <summary>Up to <paramref name="percent"/> percent (0 to 100) of the stage's tasks, rounded down, may fail.</summary>
    /// <param name="percent">A percentage from 0 to 100.</param>
    /// <returns>The tolerance.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="percent"/> is not a number from 0 to 100.</exception>
    public static StageTolerance Percent(double percent) =>
        double.IsFinite(percent) && percent is >= 0 and <= 100 ? new(null, percent)
            : throw new ArgumentOutOfRangeException(nameof(percent), percent, "A tolerated percentage of failed tasks must be between 0 and 100.");

    /// <summary>The tolerated number of failed tasks; null when given as a percentage.</summary>
    public int? MaxFailedTasks { get; }

    /// <summary>The tolerated percentage of failed tasks; null when given as a number.</summary>
    public double? MaxFailedPercent { get; }

    /// <summary>How many failed tasks a stage of <paramref name="taskCount"/> tasks tolerates.</summary>
    /// <param name="taskCount">The number of tasks the stage was planned with.</param>
    /// <returns>From 0 to <paramref name="taskCount"/>.</returns>
    public int AllowedFor(int taskCount) => MaxFailedTasks is { } count
        ? Math.Min(count, taskCount)
        : (int)Math.Floor(taskCount * MaxFailedPercent!.Value / 100 + 1e-9);

    /// <summary>The tolerance as a user reads it: <c>3 failed task(s)</c> or <c>10% of tasks</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => MaxFailedTasks is { } count
        ? $"{count} failed task(s)"
        : $"{MaxFailedPercent!.Value.ToString(CultureInfo.InvariantCulture)}% of tasks";
}
