using System.Collections.Concurrent;
using GeoOrchestration.Definitions;
using GeoOrchestration.Parameters;

namespace GeoOrchestration.StoreConformance.TestJobs;

public sealed class GatedPlanParameters
{
    [Parameter("tasks", Minimum = 1, Maximum = 200_000)]
    public int Tasks { get; init; } = 1;

    /// <summary>How many tasks the planner yields before it stops at the gate (see <see cref="PlanGate"/>).</summary>
    [Parameter("gate_at", Minimum = 0, Maximum = 200_000)]
    public int GateAt { get; init; }

    /// <summary>Names the gate; makes otherwise identical jobs distinct.</summary>
    [Parameter("run", Required = true)]
    public string Run { get; init; } = "";
}

/// <summary>
/// One large stage whose planner stops part-way, at a gate the test opens, so a test can act while a
/// plan is being written: submit and run other work, cancel the job, or make this planning attempt fail.
/// </summary>
[JobType("test_gated_plan")]
public sealed class GatedPlanJob : JobDefinition<GatedPlanParameters>
{
    public override IReadOnlyList<StageDefinition<GatedPlanParameters>> Stages { get; } =
    [
        Single("gated", "test_echo", Plan),
    ];

    private static IEnumerable<TaskPlan> Plan(GatedPlanParameters p)
    {
        for (var i = 0; i < p.Tasks; i++)
        {
            if (i == p.GateAt) PlanGate.Wait(p.Run);
            yield return TaskPlan.Create($"t{i}", new { Index = i });
        }
    }
}

/// <summary>What the planner at a gate does once the test opens it.</summary>
public enum GateOpening
{
    /// <summary>Goes on planning.</summary>
    Continue,
    /// <summary>Throws an I/O error, a transient failure: this planning attempt dies, its plan item comes back when its lease lapses.</summary>
    FailTransiently,
}

/// <summary>
/// The gates of <see cref="GatedPlanJob"/>'s planners, by run. A planner reaching its gate says so and
/// blocks its thread until the test opens the gate (at most two minutes, so a broken test cannot hang
/// the suite). Each opening lets one planning attempt through; a re-delivered plan stops again.
/// </summary>
public static class PlanGate
{
    private static readonly TimeSpan MaxWait = TimeSpan.FromMinutes(2);
    private static readonly ConcurrentDictionary<string, Gate> Gates = new();

    private sealed class Gate
    {
        public readonly SemaphoreSlim Reached = new(0);
        public readonly BlockingCollection<GateOpening> Openings = new();
        public int Attempts;
        public int TimedOut;
    }

    private static Gate Of(string run) => Gates.GetOrAdd(run, _ => new Gate());

    internal static void Wait(string run)
    {
        var gate = Of(run);
        Interlocked.Increment(ref gate.Attempts);
        gate.Reached.Release();
        if (!gate.Openings.TryTake(out var opening, MaxWait))
        {
            Interlocked.Increment(ref gate.TimedOut);
            throw new InvalidOperationException($"The test never opened plan gate '{run}'.");
        }
        if (opening == GateOpening.FailTransiently)
            throw new IOException($"Plan gate '{run}': this planning attempt fails (test).");
    }

    /// <summary>Waits until a planner of the run stands at its gate (at most two minutes); false if none came.</summary>
    public static Task<bool> ReachedAsync(string run) => Of(run).Reached.WaitAsync(MaxWait);

    public static void Open(string run, GateOpening opening = GateOpening.Continue) => Of(run).Openings.Add(opening);

    /// <summary>How many planning attempts reached the gate.</summary>
    public static int Attempts(string run) => Volatile.Read(ref Of(run).Attempts);

    /// <summary>
    /// How many planners gave up waiting at the gate: what a test did while the gate was closed did
    /// not finish until the planner gave up (it waited on the planner, e.g. for the store's write lock).
    /// </summary>
    public static int TimedOut(string run) => Volatile.Read(ref Of(run).TimedOut);
}
