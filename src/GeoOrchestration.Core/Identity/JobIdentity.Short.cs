namespace GeoOrchestration.Identity;

public static partial class JobIdentity
{
    /// <summary>
    /// How many leading characters of a job id the product shows for it: job list, task ids
    /// (<see cref="TaskId"/>), progress titles and worker logs. 16 hexadecimal characters (64 bits)
    /// tell jobs apart in any store people keep, and every command accepts them as a prefix.
    /// </summary>
    public const int ShortJobIdLength = 16;

    /// <summary>The short form of a job id (<see cref="ShortJobIdLength"/> characters); text shorter than that comes back as it is.</summary>
    /// <param name="jobId">A job id (or any text).</param>
    /// <returns>Its first 16 characters.</returns>
    public static string ShortJobId(string jobId) => jobId.Length > ShortJobIdLength ? jobId[..ShortJobIdLength] : jobId;
}
