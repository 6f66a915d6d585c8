namespace GeoOrchestration.Identity;

/// <summary>
/// The task ids of one job, or of one stage of it: every id from <see cref="From"/> (inclusive) up to
/// <see cref="To"/> (exclusive) in ordinal (byte) order, and no other task's. Stores take it as two
/// query parameters, so a query by job or stage is a range seek of the task id index and the id
/// format lives only in <see cref="JobIdentity"/> (<see cref="JobIdentity.TaskIdsOf(string)"/>,
/// <see cref="JobIdentity.TaskIdsOf(string, int)"/>).
/// </summary>
/// <remarks>
/// The ids of another job that shares the first <see cref="JobIdentity.ShortJobIdLength"/> characters
/// fall in the same range: a query keeps its <c>job_id</c> test beside the range.
/// </remarks>
/// <param name="From">The lowest id of the range (inclusive).</param>
/// <param name="To">The first id past the range (exclusive).</param>
public sealed record TaskIdRange(string From, string To)
{
    /// <summary>Whether <paramref name="taskId"/> lies in the range, by ordinal comparison.</summary>
    public bool Contains(string taskId) =>
        string.CompareOrdinal(taskId, From) >= 0 && string.CompareOrdinal(taskId, To) < 0;
}
