namespace GeoOrchestration.Model;

/// <summary>Which tasks of a job <see cref="GeoClient.EnumerateTasksAsync(TaskQuery, CancellationToken)"/> returns, in stage and plan order.</summary>
/// <param name="JobId">The job: its id or a unique prefix of at least 8 characters.</param>
public sealed record TaskQuery(string JobId)
{
    /// <summary>Only the tasks of this stage (1-based); null for all stages.</summary>
    public int? Stage { get; init; }

    /// <summary>
    /// Only tasks in one of these statuses; null or empty for any. One status is a seek of the
    /// store's index; several are read unfiltered and filtered here.
    /// </summary>
    public IReadOnlyList<TaskRecordStatus>? Statuses { get; init; }

    /// <summary>
    /// Only tasks after this one (a task id of the job, as listings show them): the next page after
    /// a page that ended with it. Null starts at the first task.
    /// </summary>
    public string? After { get; init; }

    /// <summary>At most this many tasks; null (the default) for all of them.</summary>
    public int? First { get; init; }

    /// <summary>
    /// Leave out this many of the selected tasks (after <see cref="After"/>) before the first one
    /// returned; 0 (the default) for none. The store counts them off when it filters on its own (no
    /// status or one).
    /// </summary>
    public int Skip { get; init; }
}
