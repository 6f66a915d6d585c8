namespace GeoOrchestration.Cli.Bench;

/// <summary>The figures of one run. Null where a scenario does not measure that figure.</summary>
public sealed record BenchResult
{
    public double? TasksPerSecond { get; init; }
    public double? PlanTasksPerSecond { get; init; }
    public double? HandoffP50Ms { get; init; }
    public double? HandoffP99Ms { get; init; }
    /// <summary>From a retry falling due to its claim (database times): how promptly workers wake for retries.</summary>
    public double? RetryDueP50Ms { get; init; }
    public double? RetryDueP99Ms { get; init; }
    public double? PeakRssMb { get; init; }
    public double Seconds { get; init; }
    /// <summary>Commits during the run (PostgreSQL: the database's; SQLite: this process's write transactions); null where not counted.</summary>
    public long? Commits { get; init; }
    public long Tasks { get; init; }

    /// <summary>Database commits per task: what batching is meant to bring down. Null where commits are not counted.</summary>
    public double? CommitsPerTask => Tasks == 0 || Commits is null ? null : (double)Commits.Value / Tasks;
}
