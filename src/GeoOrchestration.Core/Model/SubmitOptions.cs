using GeoOrchestration.Errors;

namespace GeoOrchestration.Model;

/// <summary>
/// How a submitted job runs, beyond its parameters. These do not enter the job id: submitting the
/// same request again with other options returns the existing job unchanged.
/// </summary>
public sealed record SubmitOptions
{
    public static SubmitOptions Default { get; } = new();

    /// <summary>Longest a timeout may be (one year): longer is almost certainly a unit mistake.</summary>
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromDays(365);

    /// <summary>How long one task attempt may run; null uses the job type's default.</summary>
    public TimeSpan? TaskTimeout { get; init; }

    /// <summary>How long the whole job may take from submission; null uses the job type's default.</summary>
    public TimeSpan? JobTimeout { get; init; }

    internal void Validate()
    {
        var errors = new List<ValidationError>();
        Check("task_timeout", TaskTimeout, errors);
        Check("job_timeout", JobTimeout, errors);
        if (errors.Count > 0) throw new GeoValidationException(errors);
    }

    private static void Check(string field, TimeSpan? value, List<ValidationError> errors)
    {
        if (value is { } v && (v <= TimeSpan.Zero || v > MaxTimeout))
            errors.Add(new(field, "range", $"'{field}' must be more than 0 seconds and at most {MaxTimeout.TotalDays:0} days; got {DurationText.Format(v)}."));
    }
}
