namespace GeoOrchestration.Progress;

/// <summary>One planned stage's task counts, as its stage counter holds them.</summary>
/// <param name="Stage">Stage number, 1-based.</param>
/// <param name="TaskCount">Tasks planned for the stage.</param>
/// <param name="Remaining">Tasks not yet counted: neither completed nor failed within the stage's tolerance (other failed and cancelled ones included).</param>
public sealed record StageProgress(int Stage, int TaskCount, int Remaining)
{
    /// <summary>Tasks completed.</summary>
    public int Done => TaskCount - Remaining;
}
