using GeoOrchestration.Errors;

namespace GeoOrchestration.Cli;

/// <summary>The executable's exit codes: scripts branch on these, so they never change meaning.</summary>
public static class ExitCodes
{
    public const int Success = 0;
    /// <summary>An unexpected error (a bug): the message says what, --verbose shows the stack.</summary>
    public const int Unexpected = 1;
    /// <summary>Bad input: unknown job type, invalid parameter, malformed JSON, bad option or option value.</summary>
    public const int InvalidInput = 2;
    /// <summary>A job asked for by id (or unique id prefix) does not exist.</summary>
    public const int NotFound = 3;
    /// <summary>The database could not be reached (or kept failing transiently); trying again later may work.</summary>
    public const int Unavailable = 4;
    /// <summary>--wait or run gave up before the job ended; the job goes on.</summary>
    public const int Timeout = 5;
    /// <summary>The job ended, but not completed (failed, cancelled, completed_with_errors).</summary>
    public const int JobNotCompleted = 6;
    /// <summary>
    /// The deployment is not usable as set up: schema not deployed, out of date or drifted; the
    /// database or login in the connection does not exist or is refused; broken job type registration.
    /// </summary>
    public const int Configuration = 7;
    /// <summary>The job's state does not allow the request (cancelling an ended job, retrying a running one); nothing changed.</summary>
    public const int Conflict = 8;
    /// <summary>Interrupted by Ctrl+C / SIGTERM before finishing.</summary>
    public const int Cancelled = 130;

    /// <summary>The exit code of an error of this category.</summary>
    public static int For(GeoErrorCategory category) => category switch
    {
        GeoErrorCategory.Validation => InvalidInput,
        GeoErrorCategory.NotFound => NotFound,
        GeoErrorCategory.Conflict => Conflict,
        GeoErrorCategory.Configuration => Configuration,
        GeoErrorCategory.Unavailable => Unavailable,
        GeoErrorCategory.Timeout => Timeout,
        GeoErrorCategory.Cancelled => Cancelled,
        // Task failures and contract violations belong inside workers; one that reaches a command is a bug.
        _ => Unexpected,
    };
}
