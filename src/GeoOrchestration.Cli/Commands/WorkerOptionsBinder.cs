using System.CommandLine;
using GeoOrchestration.Engine;
using GeoOrchestration.Errors;

namespace GeoOrchestration.Cli.Commands;

/// <summary>The options that shape a worker; shared by <c>worker</c> and <c>run</c>.</summary>
public sealed class WorkerOptionsBinder
{
    public Option<int> Concurrency { get; } = new("--concurrency") { Description = "Work items run at once (1..1024).", DefaultValueFactory = _ => 4 };
    public Option<double> Lease { get; } = new("--lease") { Description = "Lease of claimed work, in seconds.", DefaultValueFactory = _ => 30 };
    public Option<double> PollInterval { get; } = new("--poll-interval") { Description = "Fallback poll when no notification arrives, in seconds.", DefaultValueFactory = _ => 5 };

    public void AddTo(Command command)
    {
        command.Add(Concurrency);
        command.Add(Lease);
        command.Add(PollInterval);
    }

    public WorkerOptions Bind(ParseResult parse, TimeSpan? exitWhenIdle = null) => new()
    {
        Concurrency = parse.GetValue(Concurrency),
        Lease = Seconds("lease", parse.GetValue(Lease)),
        PollInterval = Seconds("poll-interval", parse.GetValue(PollInterval)),
        ExitWhenIdle = exitWhenIdle,
    };

    public static TimeSpan Seconds(string name, double value) =>
        double.IsFinite(value) && value >= 0 && value < 86_400 * 365
            ? TimeSpan.FromSeconds(value)
            : throw new GeoValidationException(name, "range", $"'--{name}' must be a number of seconds between 0 and one year; got {value}.");
}
