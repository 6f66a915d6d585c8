using GeoOrchestration.ContainerTests.Infrastructure;
using GeoOrchestration.Model;

namespace GeoOrchestration.ContainerTests.StopKill;

/// <summary>A container of the scenario that was stopped (<c>docker stop</c>) while it ran tasks, as observed.</summary>
/// <param name="Held">The tasks it held when stopped, with their attempt counts then.</param>
/// <param name="StopTook">From <c>docker stop</c> to the container's exit, as the CLI returned.</param>
/// <param name="HandedBack">What its log says it handed back (the "Handed back N task(s)" line), 0 without one.</param>
public sealed record StoppedWorker(WorkerContainer Container, IReadOnlyDictionary<string, int> Held, TimeSpan StopTook, int ExitCode, int HandedBack)
{
    public override string ToString() => $"{Container} held {Held.Count} task(s), exit {ExitCode}, handed back {HandedBack}";
}

/// <summary>The container killed (<c>docker kill</c>) while it ran tasks, as observed.</summary>
/// <param name="Held">The tasks it held when killed, with their attempt counts then.</param>
/// <param name="RequeuedAfter">From the kill until the first of them was seen queued again (its lease expired, a janitor took it back).</param>
/// <param name="RanAgainAfter">From the kill until another worker claimed the first of them again.</param>
public sealed record KilledWorker(WorkerContainer Container, IReadOnlyDictionary<string, int> Held, TimeSpan RequeuedAfter, TimeSpan RanAgainAfter)
{
    public override string ToString() => $"{Container} held {Held.Count} task(s)";
}

/// <summary>
/// Everything the stop/kill scenario observed, for the tests to assert on: the job as it ended, its
/// tasks and ledger from the store, the victims, who the containers' processes were while they
/// worked, and every container's log.
/// </summary>
public sealed record StopKillOutcome(
    JobRecord Job,
    JobLedger Ledger,
    IReadOnlyDictionary<string, TaskRecord> Tasks,
    IReadOnlyList<StoppedWorker> Stopped,
    KilledWorker Killed,
    WorkerContainer Survivor,
    int SurvivorExitCode,
    IReadOnlyList<ProcessIdentity> Identities,
    IReadOnlyDictionary<WorkerContainer, string> Logs);
