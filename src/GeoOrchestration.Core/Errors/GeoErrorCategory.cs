namespace GeoOrchestration.Errors;

/// <summary>
/// What kind of failure an error is, shared by every front end: the <c>geoorch</c> executable maps
/// each category to one exit code, the PowerShell module to one <c>ErrorCategory</c>. A category
/// says what the caller can do about it, not which class was thrown.
/// </summary>
/// <remarks>
/// Names in <c>--output json</c> and other machine output are the snake_case forms
/// (<see cref="GeoErrors.CategoryName"/>). Suggested PowerShell mapping: Validation → InvalidArgument,
/// NotFound → ObjectNotFound, Conflict → InvalidOperation, Configuration → NotInstalled,
/// Unavailable → ConnectionError, Timeout → OperationTimeout, Cancelled → OperationStopped,
/// Permanent → InvalidResult, Transient → ResourceUnavailable, Internal → NotSpecified.
/// </remarks>
public enum GeoErrorCategory
{
    /// <summary>The input broke a rule; nothing was written. Fix the input (exit 2).</summary>
    Validation,

    /// <summary>A job, task or other object asked for by id does not exist (exit 3).</summary>
    NotFound,

    /// <summary>
    /// The request is well formed but the object's current state does not allow it: cancelling a
    /// completed job, retrying a running one (exit 8). Asking again later may succeed.
    /// </summary>
    Conflict,

    /// <summary>
    /// The deployment cannot serve the request as set up: schema not deployed, out of date or
    /// drifted; a database or login that does not exist; a broken job type registration (exit 7).
    /// Retrying does not help until someone changes the setup.
    /// </summary>
    Configuration,

    /// <summary>The store could not be reached, or kept failing transiently after retries (exit 4).</summary>
    Unavailable,

    /// <summary>A wait gave up before the job ended; the job itself goes on (exit 5).</summary>
    Timeout,

    /// <summary>The caller stopped the operation (Ctrl+C, a cancelled token) (exit 130).</summary>
    Cancelled,

    /// <summary>
    /// Work that cannot succeed however often it is tried: a handler's permanent failure, or a job
    /// type or handler that broke the engine's contract (<see cref="ContractViolationException"/>).
    /// </summary>
    Permanent,

    /// <summary>Work that may succeed if tried again later (a handler's transient failure).</summary>
    Transient,

    /// <summary>Not an engine error at all: an exception nobody classified, i.e. a bug (exit 1).</summary>
    Internal,
}
