using GeoOrchestration.Errors;

namespace GeoOrchestration.Model;

/// <summary>
/// What a retry changes besides the job's state: timeouts that replace the job's own, for a limit
/// that proved too low (a task timeout given at the first submission cannot be changed by
/// submitting again, since the same request returns the same job).
/// </summary>
public sealed record RetryOptions
{
    /// <summary>Keeps the job's timeouts.</summary>
    public static RetryOptions Default { get; } = new();

    /// <summary>How long one task attempt may run from now on (every attempt that starts after the retry); null keeps the job's.</summary>
    public TimeSpan? TaskTimeout { get; init; }

    /// <summary>How long the job may take from the retry on; null keeps the job's (which runs again from the retry either way).</summary>
    public TimeSpan? JobTimeout { get; init; }

    /// <summary>Refuses timeouts out of range, naming each, with the rule submit applies (<see cref="SubmitOptions.Validate"/>).</summary>
    /// <exception cref="GeoValidationException">A timeout is not more than 0 or longer than <see cref="SubmitOptions.MaxTimeout"/>.</exception>
    public void Validate()
    {
        var errors = new List<ValidationError>();
        SubmitOptions.Check("task_timeout", TaskTimeout, errors);
        SubmitOptions.Check("job_timeout", JobTimeout, errors);
        if (errors.Count > 0) throw new GeoValidationException(errors);
    }
}
