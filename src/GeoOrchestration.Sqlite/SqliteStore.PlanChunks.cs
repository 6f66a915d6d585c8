namespace GeoOrchestration.Sqlite;

public sealed partial class SqliteStore
{
    /// <summary>
    /// Tasks per plan transaction: a stage of more is planned in bounded transactions
    /// (<see cref="GeoOrchestration.Engine.EngineSteps.StagePlanAsync"/>). The file has one write lock,
    /// and a plan of a million tasks in one transaction held it for tens of seconds, keeping every
    /// worker's claims, completions and renewals waiting (issue 16). 20,000 rows take some 0.2 s to
    /// write on a quiet 2-core machine (under a second on a loaded one): each other writer waits at
    /// most about that long, while the extra commits (an fsync and a WAL checkpoint share each) cost
    /// ~10% of the plan rate; 10,000 measured ~30% slower, with more commits. Smaller stages (every
    /// hand-off of a chain) keep their one transaction.
    /// </summary>
    public const int PlanChunkSize = 20_000;

    public int? PlanChunkRows => PlanChunkSize;
}
