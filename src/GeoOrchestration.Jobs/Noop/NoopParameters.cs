using GeoOrchestration.Parameters;

namespace GeoOrchestration.Jobs.Noop;

public sealed class NoopParameters
{
    [Parameter("tasks", Minimum = 1, Maximum = 1_000_000, Description = "Tasks in each stage.")]
    public int Tasks { get; init; } = 10;

    [Parameter("stages", Minimum = 1, Maximum = NoopJob.MaxStages, Description = "How many stages run, one after another.")]
    public int Stages { get; init; } = 1;

    [Parameter("delay_ms", Minimum = 0, Maximum = 3_600_000, Description = "How long each task holds, in milliseconds.")]
    public int DelayMs { get; init; }

    [Parameter("transient_failure_rate", Minimum = 0, Maximum = 1,
        Description = "Share of tasks whose first attempt throws a transient error (chosen deterministically per task).")]
    public double TransientFailureRate { get; init; }

    [Parameter("label", MaxLength = 100,
        Description = "Free text that does nothing but tell otherwise identical submissions apart (a repeated benchmark run is a new job).")]
    public string? Label { get; init; }
}
