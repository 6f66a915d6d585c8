using GeoOrchestration.Model;
using Microsoft.Extensions.Logging;

namespace GeoOrchestration.Engine;

/// <summary>
/// The line of a job this worker ended, with the state it ended in: information when it
/// completed, a warning when anything failed. The worker that makes the ending transition logs
/// it, so each job's end is logged once, by one worker.
/// </summary>
internal static class JobEndLog
{
    public static void JobEnded(this ILogger logger, string jobId, JobStatus status, string? why)
    {
        var level = status == JobStatus.Completed ? LogLevel.Information : LogLevel.Warning;
        if (why is null) logger.Log(level, "Job {JobId} ended: {Status}", Short(jobId), StatusNames.ToName(status));
        else logger.Log(level, "Job {JobId} ended: {Status} ({Why})", Short(jobId), StatusNames.ToName(status), why);
    }

    public static string Short(string jobId) => Identity.JobIdentity.ShortJobId(jobId);
}
