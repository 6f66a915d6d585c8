namespace GeoOrchestration.Model;

/// <summary>Which events of a job <see cref="GeoClient.EnumerateJobEventsAsync"/> returns, oldest first, and whether it follows the job.</summary>
/// <param name="JobId">The job: its id or a unique prefix of at least 8 characters.</param>
public sealed record JobEventQuery(string JobId)
{
    /// <summary>Only events of these kinds; null or empty for every kind.</summary>
    public IReadOnlyList<JobEventKind>? Kinds { get; init; }

    /// <summary>Only events of this stage (1 to the job's stage count); null for all (job-level events included).</summary>
    public int? Stage { get; init; }

    /// <summary>
    /// Keep reading new events as they are written until the job ends (then the events up to its end,
    /// and the enumeration ends); false (the default) reads what is there and ends.
    /// </summary>
    public bool Follow { get; init; }

    /// <summary>How often a follower looks for new events: default 250 ms; 10 ms to 1 minute.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(250);
}
