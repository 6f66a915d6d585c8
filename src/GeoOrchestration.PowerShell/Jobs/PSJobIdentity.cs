using System.Globalization;
using GeoOrchestration.Identity;
using GeoOrchestration.Model;

namespace GeoOrchestration.PowerShell.Jobs;

/// <summary>
/// How a GeoJob is named as a PowerShell job. Its <c>InstanceId</c> is the first 128 bits of its job id
/// (the id's first 32 hexadecimal characters read as a Guid), so the same job is the same PowerShell
/// job in every call, session and process, and <c>Get-Job -InstanceId</c> finds a job this session has
/// not seen by that prefix. Its name is the short id <c>Get-GeoJob</c> shows (16 characters).
/// </summary>
internal static class PSJobIdentity
{
    /// <summary>Hexadecimal characters of the job id that make up the instance id.</summary>
    private const int InstanceIdLength = 32;

    /// <summary>Characters of the job id in the job's name, as <see cref="GeoJob.ShortId"/>.</summary>
    private const int NameLength = 16;

    /// <summary>The PowerShell job's <c>InstanceId</c> of a job id (64 hexadecimal characters).</summary>
    public static Guid InstanceIdOf(string jobId) =>
        Guid.ParseExact(jobId[..InstanceIdLength], "N");

    /// <summary>The job id prefix an instance id stands for (32 hexadecimal characters, lower case as job ids are).</summary>
    public static string PrefixOf(Guid instanceId) => instanceId.ToString("N", CultureInfo.InvariantCulture);

    /// <summary>The PowerShell job's name: the job's short id.</summary>
    public static string NameOf(string jobId) => jobId.Length > NameLength ? jobId[..NameLength] : jobId;

    /// <summary>The PowerShell job's command: the job type and its parameters, as one line of JSON.</summary>
    public static string CommandOf(JobRecord job)
    {
        var parameters = job.Parameters.ToJsonString();
        return parameters == "{}" ? job.JobType : $"{job.JobType} {parameters}";
    }

    /// <summary>
    /// Whether a name given to <c>Get-Job -Name</c> (and the other job cmdlets) could be a job id or a unique
    /// prefix of one, worth a look in the store: 8 to 64 hexadecimal characters, no wildcard.
    /// </summary>
    public static bool CouldBeJobId(string name) =>
        name.Length is >= JobIdentity.MinJobIdPrefixLength and <= 64 && name.All(Uri.IsHexDigit);
}
