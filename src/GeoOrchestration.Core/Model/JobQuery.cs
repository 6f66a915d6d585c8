namespace GeoOrchestration.Model;

/// <summary>Which jobs <see cref="GeoClient.EnumerateJobsAsync"/> returns, newest first.</summary>
public sealed record JobQuery
{
    /// <summary>Only jobs in one of these statuses; null or empty for any.</summary>
    public IReadOnlyList<JobStatus>? Statuses { get; init; }

    /// <summary>Only jobs of this type; null for any.</summary>
    public string? JobType { get; init; }

    /// <summary>Only jobs created at or after this time; null for any.</summary>
    public DateTimeOffset? CreatedSince { get; init; }

    /// <summary>Only the runs of this request (<see cref="JobRecord.RequestId"/>, a whole id); null for any.</summary>
    public string? RequestId { get; init; }

    /// <summary>At most this many jobs; null (the default) for all of them.</summary>
    public int? First { get; init; }

    /// <summary>
    /// Leave out this many of the selected jobs (the newest) before the first one returned; 0 (the
    /// default) for none. The store counts them off when it filters on its own (no status or one).
    /// </summary>
    public int Skip { get; init; }
}
