namespace GeoOrchestration.Progress;

/// <summary>One planned stage's task counts, as its stage counter holds them.</summary>
/// <param name="Stage">Stage number, 1-based.</param>
/// <param name="TaskCount">Tasks planned for the stage.</param>
/// <param name="Remaining">Tasks not yet counted: neither completed nor failed within the stage's tolerance (other failed and cancelled ones included).</param>
/// <param name="Running">
/// The progress its running (processing) tasks last reported, in tasks: the sum of their percentages
/// divided by 100, so two tasks at 50% count as one task's worth. 0 for an ended job, whose running
/// tasks are no longer its progress.
/// </param>
public sealed record StageProgress(int Stage, int TaskCount, int Remaining, double Running = 0)
{
    /// <summary>Tasks counted toward the stage's completion: completed, or failed within its tolerance.</summary>
    public int Done => TaskCount - Remaining;
}
