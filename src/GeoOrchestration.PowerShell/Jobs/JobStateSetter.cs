using System.Management.Automation;
using System.Reflection;

namespace GeoOrchestration.PowerShell.Jobs;

/// <summary>
/// Sets a job's state with its reason. PowerShell's <c>Job2.SetJobState(JobState, Exception)</c> (protected, there since
/// PowerShell 3) is missing from PowerShellStandard.Library, the reference the module compiles against, which has only the
/// overload without a reason: it is found at run time, and where it is not, the state is set without the reason.
/// </summary>
internal static class JobStateSetter
{
    private static readonly MethodInfo? WithReason = typeof(Job2).GetMethod("SetJobState", BindingFlags.Instance | BindingFlags.NonPublic,
        null, [typeof(JobState), typeof(Exception)], null);

    private static readonly MethodInfo WithoutReason = typeof(Job).GetMethod("SetJobState", BindingFlags.Instance | BindingFlags.NonPublic,
        null, [typeof(JobState)], null)!;

    /// <summary>Sets <paramref name="job"/>'s state to <paramref name="state"/> with <paramref name="reason"/> (raising StateChanged).</summary>
    public static void Set(Job2 job, JobState state, Exception? reason)
    {
        try
        {
            if (WithReason is not null) WithReason.Invoke(job, [state, reason]);
            else WithoutReason.Invoke(job, [state]);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            // A subscriber's exception, as a direct call would have thrown it.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
    }
}
