using GeoOrchestration.Errors;

namespace GeoOrchestration.Model;

/// <summary>
/// How a submitted job runs, beyond its parameters. The timeouts do not enter the job id:
/// submitting the same request again with other timeouts returns the existing job unchanged. The
/// <see cref="RunKey"/> does: it is part of the job's identity.
/// </summary>
public sealed record SubmitOptions
{
    /// <summary>The job type's default timeouts, no run key, not forced.</summary>
    public static SubmitOptions Default { get; } = new();

    /// <summary>Longest a timeout may be (one year): longer is almost certainly a unit mistake.</summary>
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromDays(365);

    /// <summary>How long one task attempt may run; null uses the job type's default.</summary>
    public TimeSpan? TaskTimeout { get; init; }

    /// <summary>How long the whole job may take from submission; null uses the job type's default.</summary>
    public TimeSpan? JobTimeout { get; init; }

    /// <summary>
    /// An optional key that is part of the job's identity (see <see cref="Identity.JobIdentity.JobId"/>):
    /// the same type and parameters with another key is another job, with the same key the same job.
    /// A nightly runbook passes the date. Null (the default) gives the id the request always had.
    /// 1 to <see cref="Identity.JobIdentity.MaxRunKeyLength"/> characters, no control characters.
    /// </summary>
    public string? RunKey { get; init; }

    /// <summary>
    /// Start a new run of the request even when it has one already (default false: the request's
    /// latest run is returned). The new run is the next <see cref="JobRecord.Run"/> of the request,
    /// a job of its own whose id is derived from the request and the run number
    /// (<see cref="Identity.JobIdentity.RunJobId"/>); refused while the latest run is still queued or
    /// processing. Does not enter the request's identity.
    /// </summary>
    public bool Force { get; init; }

    /// <summary>Refuses timeouts out of range and a malformed run key, naming each.</summary>
    /// <exception cref="GeoValidationException">A timeout is not more than 0 or longer than <see cref="MaxTimeout"/>; the run key is empty, too long or has control characters.</exception>
    public void Validate()
    {
        var errors = new List<ValidationError>();
        AddProblems(errors);
        if (errors.Count > 0) throw new GeoValidationException(errors);
    }

    /// <summary>As <see cref="Validate"/>, adding each broken rule to <paramref name="errors"/>: a submission reports them with its parameters' in one round.</summary>
    internal void AddProblems(List<ValidationError> errors)
    {
        Check("task_timeout", TaskTimeout, errors);
        Check("job_timeout", JobTimeout, errors);
        if (RunKey is { } key)
        {
            if (key.Length == 0 || key.Length > Identity.JobIdentity.MaxRunKeyLength)
                errors.Add(new("run_key", "length", $"'run_key' must be 1 to {Identity.JobIdentity.MaxRunKeyLength} characters; got {key.Length}."));
            else if (key.Any(char.IsControl))
                errors.Add(new("run_key", "format", "'run_key' must not contain control characters (line breaks, tabs)."));
        }
    }

    /// <summary>The options given here that an existing job does not have (options not given are not compared).</summary>
    internal IReadOnlyList<IgnoredSubmitOption> IgnoredBy(JobRecord existing)
    {
        var ignored = new List<IgnoredSubmitOption>();
        if (TaskTimeout is { } task && !Same(task, existing.TaskTimeout))
            ignored.Add(new("task_timeout", task, existing.TaskTimeout));
        if (JobTimeout is { } job && !Same(job, existing.JobTimeout))
            ignored.Add(new("job_timeout", job, existing.JobTimeout));
        return ignored;
    }

    // The store keeps microseconds; a requested 0.1234567 s is the same timeout as the stored 0.123457 s.
    private static bool Same(TimeSpan requested, TimeSpan? existing) =>
        existing is { } e && (requested - e).Duration() < TimeSpan.FromMilliseconds(1);

    /// <summary>Adds a broken-rule entry when <paramref name="value"/> is given and not in (0, <see cref="MaxTimeout"/>]; shared by <see cref="RetryOptions"/>.</summary>
    internal static void Check(string field, TimeSpan? value, List<ValidationError> errors)
    {
        if (value is { } v && (v <= TimeSpan.Zero || v > MaxTimeout))
            errors.Add(new(field, "range", $"'{field}' must be more than 0 seconds and at most {MaxTimeout.TotalDays:0} days; got {DurationText.Format(v)}."));
    }
}
