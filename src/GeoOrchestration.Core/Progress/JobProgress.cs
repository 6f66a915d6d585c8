using GeoOrchestration.Model;

namespace GeoOrchestration.Progress;

/// <summary>A job with the task counts of each stage planned so far (stages not yet planned are absent).</summary>
public sealed record JobProgress(JobRecord Job, IReadOnlyList<StageProgress> Stages)
{
    /// <summary>The counts of the job's current stage, or null while it is not planned yet.</summary>
    public StageProgress? Current => Stages.FirstOrDefault(s => s.Stage == Job.Stage);

    /// <summary>
    /// Overall completion in percent (0..100): finished stages count whole, the current one by its
    /// share of completed tasks. A terminal job whose status is completed is 100.
    /// </summary>
    public double Percent
    {
        get
        {
            if (Job.Status is JobStatus.Completed or JobStatus.CompletedWithErrors) return 100;
            var current = Current;
            var inStage = current is null || current.TaskCount == 0 ? 0 : (double)current.Done / current.TaskCount;
            return Math.Clamp(100.0 * (Job.Stage - 1 + inStage) / Job.TotalStages, 0, 100);
        }
    }
}
