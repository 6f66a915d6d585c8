namespace GeoOrchestration.Cli;

/// <summary>The executable's exit codes: scripts branch on these, so they never change meaning.</summary>
public static class ExitCodes
{
    public const int Success = 0;
    /// <summary>An unexpected error (a bug): the message says what, --verbose shows the stack.</summary>
    public const int Unexpected = 1;
    /// <summary>Bad input: unknown job type, invalid parameter, malformed JSON, bad option.</summary>
    public const int InvalidInput = 2;
    public const int NotFound = 3;
    /// <summary>The database could not be reached.</summary>
    public const int Unavailable = 4;
    /// <summary>--wait or run gave up before the job ended; the job goes on.</summary>
    public const int Timeout = 5;
    /// <summary>The job ended, but not completed (failed, cancelled, completed_with_errors).</summary>
    public const int JobNotCompleted = 6;
    /// <summary>The deployment is not usable: schema not deployed or drifted, broken job type registration.</summary>
    public const int Configuration = 7;
    /// <summary>Interrupted by Ctrl+C / SIGTERM before finishing.</summary>
    public const int Cancelled = 130;
}
