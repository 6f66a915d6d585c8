namespace GeoOrchestration.Identity;

public static partial class JobIdentity
{
    // A task id is "{job16}-s{stage}-{key}" (TaskId). '.' is the byte after '-', so the ids of a stage
    // run from "{job16}-s{stage}-" up to "{job16}-s{stage}." and those of a job from "{job16}-" up to
    // "{job16}.": stage 1's range holds no id of stage 10 ("-s10-" sorts after "-s1.").

    /// <summary>What every task id of stage <paramref name="stage"/> of a job starts with.</summary>
    private static string StageTaskIdPrefix(string jobId, int stage) => $"{jobId[..ShortJobIdLength]}-s{stage}-";

    /// <summary>The ids of every task of a job, every stage (see <see cref="TaskIdRange"/>).</summary>
    /// <param name="jobId">A job id (64 hexadecimal characters; at least <see cref="ShortJobIdLength"/> are used).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="jobId"/> is shorter than <see cref="ShortJobIdLength"/>.</exception>
    public static TaskIdRange TaskIdsOf(string jobId)
    {
        var job = jobId[..ShortJobIdLength];
        return new TaskIdRange(job + "-", job + ".");
    }

    /// <summary>The ids of every task of one stage of a job, and of no other stage (see <see cref="TaskIdRange"/>).</summary>
    /// <param name="jobId">A job id (64 hexadecimal characters; at least <see cref="ShortJobIdLength"/> are used).</param>
    /// <param name="stage">The stage, from 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="jobId"/> is shorter than <see cref="ShortJobIdLength"/>.</exception>
    public static TaskIdRange TaskIdsOf(string jobId, int stage)
    {
        var prefix = StageTaskIdPrefix(jobId, stage);
        return new TaskIdRange(prefix, prefix[..^1] + ".");
    }
}
