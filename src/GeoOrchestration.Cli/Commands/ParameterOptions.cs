using System.CommandLine;

namespace GeoOrchestration.Cli.Commands;

/// <summary>The options that say which job to submit; shared by <c>submit</c> and <c>run</c>.</summary>
public sealed class ParameterOptions
{
    public Argument<string> JobType { get; } = new("TYPE") { Description = "Job type to submit (see 'geoorch job-types')." };

    public Option<string[]> Pairs { get; } = new("--param", "-p")
    {
        Description = "A parameter as KEY=VALUE, typed by the job type's schema; repeat for more. Lists: KEY=a,b or repeat KEY.",
        // One value per occurrence: a bare -p is a mistake, not "no parameters".
        Arity = ArgumentArity.OneOrMore,
    };

    public Option<string?> Json { get; } = new("--parameters-json")
    {
        Description = "Parameters as one JSON object, e.g. '{\"count\": 5}'.",
    };

    public Option<double?> Timeout { get; } = new Option<double?>("--timeout")
    {
        Description = "Give up waiting after this many seconds (exit code 5); the job goes on.",
    }.AsSeconds();

    public Option<double?> TaskTimeout { get; } = new Option<double?>("--task-timeout")
    {
        Description = "Fail a task attempt that runs longer than this many seconds (default: the job type's).",
    }.AsSeconds();

    public Option<double?> JobTimeout { get; } = new Option<double?>("--job-timeout")
    {
        Description = "Fail the job if it has not ended this many seconds after submission (default: the job type's).",
    }.AsSeconds();

    public Option<string?> RunKey { get; } = new("--run-key")
    {
        Description = "A key that is part of the job's identity: the same parameters with another key are a new job (a nightly run), with the same key the same job.",
    };

    public Option<bool> Force { get; } = new("--force")
    {
        Description = "Start a new run of the same request even when it has one (the next run, a job of its own); refused while its latest run is queued or processing.",
    };

    public void AddTo(Command command)
    {
        command.Add(JobType);
        command.Add(Pairs);
        command.Add(Json);
        command.Add(Timeout);
        command.Add(TaskTimeout);
        command.Add(JobTimeout);
        command.Add(RunKey);
        command.Add(Force);
    }

    public Model.SubmitOptions GetSubmitOptions(ParseResult parse) => new()
    {
        TaskTimeout = parse.GetValue(TaskTimeout) is { } task ? Seconds("task-timeout", task) : null,
        JobTimeout = parse.GetValue(JobTimeout) is { } job ? Seconds("job-timeout", job) : null,
        RunKey = parse.GetValue(RunKey),
        Force = parse.GetValue(Force),
    };

    internal static TimeSpan Seconds(string name, double value) =>
        double.IsFinite(value) && value > 0 && value <= Model.SubmitOptions.MaxTimeout.TotalSeconds
            ? TimeSpan.FromSeconds(value)
            : throw new Errors.GeoValidationException(name.Replace('-', '_'), "range",
                $"'--{name}' must be more than 0 and at most {Model.SubmitOptions.MaxTimeout.TotalSeconds:0} seconds; got {value}.");

    public TimeSpan? GetTimeout(ParseResult parse)
    {
        var seconds = parse.GetValue(Timeout);
        if (seconds is null) return null;
        if (seconds <= 0 || double.IsNaN(seconds.Value) || seconds > TimeSpan.MaxValue.TotalSeconds / 2)
            throw new Errors.GeoValidationException("timeout", "range", $"'--timeout' must be a positive number of seconds; got {seconds}.");
        return TimeSpan.FromSeconds(seconds.Value);
    }
}
