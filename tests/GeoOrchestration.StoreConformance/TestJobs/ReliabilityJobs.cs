using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using GeoOrchestration.Definitions;
using GeoOrchestration.Errors;
using GeoOrchestration.Parameters;

namespace GeoOrchestration.StoreConformance.TestJobs;

public sealed class BehaviourParameters
{
    [Parameter("tasks", Minimum = 1, Maximum = 1000)]
    public int Tasks { get; init; } = 1;

    /// <summary>What each task does: see <see cref="BehaviourHandler"/>.</summary>
    [Parameter("behaviour", Required = true, Allowed = ["sleep", "transient_always", "transient_until", "permanent_once", "block", "hold"])]
    public string Behaviour { get; init; } = "";

    [Parameter("ms", Minimum = 0, Maximum = 600_000)]
    public int Milliseconds { get; init; }

    /// <summary>For transient_until: the attempt that succeeds.</summary>
    [Parameter("succeed_on", Minimum = 1, Maximum = 10)]
    public int SucceedOn { get; init; } = 2;

    /// <summary>Makes otherwise identical jobs distinct (job ids are derived from parameters).</summary>
    [Parameter("run")]
    public string Run { get; init; } = "";
}

/// <summary>One stage of tasks that behave as the parameters say; used by the reliability tests.</summary>
[JobType("test_behaviour")]
public sealed class BehaviourJob : JobDefinition<BehaviourParameters>
{
    public override IReadOnlyList<StageDefinition<BehaviourParameters>> Stages { get; } =
    [
        Single("work", "test_behaviour", p => Enumerable.Range(0, p.Tasks).Select(i => TaskPlan.Create($"t{i}", new
        {
            p.Behaviour,
            Ms = p.Milliseconds,
            p.SucceedOn,
        }))),
    ];
}

/// <summary>
/// sleep: report progress while sleeping <c>ms</c>, honouring cancellation. transient_always: throw a
/// transient error. transient_until: transient errors until attempt <c>succeed_on</c>. permanent_once:
/// task t0 fails permanently the first time this process runs it, succeeds after. block: wait until cancelled.
/// hold: wait until the test calls <see cref="Release"/> for the task's job, then succeed.
/// </summary>
[TaskHandler("test_behaviour", MaxAttempts = 3)]
public sealed class BehaviourHandler : ITaskHandler
{
    private static readonly ConcurrentDictionary<string, bool> FailedOnce = new();
    private static readonly ConcurrentDictionary<string, TaskCompletionSource> Holds = new(StringComparer.Ordinal);

    /// <summary>Lets the held tasks of a job (behaviour <c>hold</c>) finish, those running and any that start later.</summary>
    public static void Release(string jobId) => Hold(jobId).TrySetResult();

    private static TaskCompletionSource Hold(string jobId) =>
        Holds.GetOrAdd(jobId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    /// <summary>Every start of a handler, by task id: lets tests count executions.</summary>
    public static ConcurrentDictionary<string, int> Starts { get; } = new();

    public async Task<JsonNode?> HandleAsync(TaskContext context, CancellationToken cancellationToken)
    {
        Starts.AddOrUpdate(context.TaskId, 1, (_, n) => n + 1);
        var ms = context.Input.GetInt64("ms");
        switch (context.Input.GetString("behaviour"))
        {
            case "sleep":
                for (var elapsed = 0L; elapsed < ms; elapsed += 50)
                {
                    context.ReportProgress(100.0 * elapsed / ms, $"slept {elapsed} of {ms} ms");
                    await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(50, ms - elapsed)), cancellationToken);
                }
                break;
            case "transient_always":
                throw new TransientTaskException($"attempt {context.Attempt} failed transiently");
            case "transient_until" when context.Attempt < context.Input.GetInt64("succeed_on"):
                throw new IOException($"attempt {context.Attempt} hit a flaky disk");
            case "permanent_once" when context.TaskId.EndsWith("-t0", StringComparison.Ordinal) && FailedOnce.TryAdd(context.TaskId, true):
                throw new ArgumentException("bad input on the first run");
            case "block":
                await Task.Delay(Timeout.Infinite, cancellationToken);
                break;
            case "hold":
                await Hold(context.JobId).Task.WaitAsync(cancellationToken);
                break;
        }
        return new JsonObject { ["attempt"] = context.Attempt, ["worker"] = context.WorkerId };
    }
}
