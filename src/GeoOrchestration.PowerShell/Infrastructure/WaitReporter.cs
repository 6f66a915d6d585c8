using System.Management.Automation;
using GeoOrchestration.PowerShell.Output;
using GeoOrchestration.Progress;

namespace GeoOrchestration.PowerShell.Infrastructure;

/// <summary>
/// Shows a wait on the pipeline thread: a progress bar per job (stage x of y, tasks done of
/// total), each job written out as it ends, a non-terminating error per job still running at the
/// timeout (the job as target), and the engine's "no worker" warning.
/// </summary>
internal sealed class WaitReporter(Cmdlet cmdlet, Func<string, bool?>? isNew = null)
{
    private readonly Dictionary<string, int> _activities = new();

    public void Handle(JobWaitEvent e)
    {
        switch (e)
        {
            case JobWaitProgress p:
                cmdlet.WriteProgress(Record(p.Progress, ProgressRecordType.Processing));
                break;
            case JobWaitFinished f:
                cmdlet.WriteProgress(Record(f.Progress, ProgressRecordType.Completed));
                cmdlet.WriteObject(GeoJob.From(f.Progress, isNew?.Invoke(f.Job.JobId)));
                break;
            case JobWaitTimedOut t:
                cmdlet.WriteError(ErrorMapping.ToRecord(t.Error, GeoJob.From(t.Job, isNew?.Invoke(t.Job.JobId))));
                break;
            case JobWaitNoWorker w:
                cmdlet.WriteWarning(w.Message + " Start one with Start-GeoWorker, or run the job with Invoke-GeoJob.");
                break;
        }
    }

    private ProgressRecord Record(JobProgress progress, ProgressRecordType type)
    {
        var job = progress.Job;
        if (!_activities.TryGetValue(job.JobId, out var id)) _activities[job.JobId] = id = _activities.Count + 1;
        var current = progress.Current;
        var tasks = current is null ? "planning" : $"{current.Done} of {current.TaskCount} tasks done";
        // The figure Get-GeoJob shows, rounded as its view and JobProgress.ToString round it.
        return new ProgressRecord(id, $"{job.JobType} job {job.JobId[..16]}",
            $"{Model.StatusNames.ToName(job.Status)}: stage {job.Stage} of {job.TotalStages}, {tasks}")
        {
            PercentComplete = (int)Math.Round(progress.Percent, MidpointRounding.AwayFromZero),
            RecordType = type,
        };
    }
}
