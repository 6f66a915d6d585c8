using System.CommandLine;
using GeoOrchestration.Engine;
using GeoOrchestration.Errors;

namespace GeoOrchestration.Cli.Commands;

/// <summary>The options that shape a worker; shared by <c>worker</c> and <c>run</c>.</summary>
public sealed class WorkerOptionsBinder
{
    // Defaults and ranges come from the engine's WorkerDefaults, which Start-GeoWorker and Invoke-GeoJob read too.
    public Option<int> Concurrency { get; } = new Option<int>("--concurrency")
    {
        Description = $"Work items run at once ({WorkerDefaults.MinConcurrency}..{WorkerDefaults.MaxConcurrency}).",
        DefaultValueFactory = _ => WorkerDefaults.Concurrency,
    }.AsWholeNumber();
    public Option<double> Lease { get; } = new Option<double>("--lease") { Description = "Lease of claimed work, in seconds.", DefaultValueFactory = _ => WorkerDefaults.LeaseSeconds }.AsSeconds();
    public Option<double> PollInterval { get; } = new Option<double>("--poll-interval") { Description = "Fallback poll when no notification arrives, in seconds.", DefaultValueFactory = _ => WorkerDefaults.PollIntervalSeconds }.AsSeconds();

    public Option<double> ShutdownGrace { get; } = new Option<double>("--shutdown-grace") { Description = "On Ctrl+C / SIGTERM, seconds running tasks get to finish before they are handed back.", DefaultValueFactory = _ => WorkerDefaults.ShutdownGraceSeconds }.AsSeconds();
    public Option<double> JanitorInterval { get; } = new Option<double>("--janitor-interval") { Description = "Seconds between this worker's offers to run the janitor.", DefaultValueFactory = _ => WorkerDefaults.JanitorIntervalSeconds }.AsSeconds();
    public Option<double> PruneInterval { get; } = new Option<double>("--prune-interval") { Description = "Seconds between this worker's passes applying the store's retention policy (with the janitor).", DefaultValueFactory = _ => WorkerDefaults.PruneIntervalSeconds }.AsSeconds();
    public Option<bool> NoJanitor { get; } = new("--no-janitor") { Description = "Never run the janitor in this worker." };
    public Option<string?> WorkerId { get; } = new("--worker-id")
    {
        Description = "The worker's id, its lease owner (default: $GEO_WORKER_ID, else host:pid:random). One live process per id: a worker started with the id of a registered one that is not Lost is refused (exit 8).",
    };

    public void AddTo(Command command)
    {
        command.Add(Concurrency);
        command.Add(Lease);
        command.Add(PollInterval);
        command.Add(ShutdownGrace);
        command.Add(JanitorInterval);
        command.Add(PruneInterval);
        command.Add(NoJanitor);
        command.Add(WorkerId);
    }

    /// <param name="environment">
    /// The worker's variables (<c>GEO_CONCURRENCY</c>, <c>GEO_SHUTDOWN_GRACE</c>: <c>geoorch worker</c> reads them, <c>run</c> does not);
    /// an option given on the command line wins over its variable.
    /// </param>
    public WorkerOptions Bind(ParseResult parse, TimeSpan? exitWhenIdle = null, Hosting.WorkerEnvironment? environment = null) => WithId(parse, environment, new()
    {
        Concurrency = Given(parse, Concurrency) ? parse.GetValue(Concurrency) : environment?.Concurrency ?? parse.GetValue(Concurrency),
        Lease = Seconds("lease", parse.GetValue(Lease)),
        PollInterval = Seconds("poll-interval", parse.GetValue(PollInterval)),
        ShutdownGrace = Given(parse, ShutdownGrace) ? Seconds("shutdown-grace", parse.GetValue(ShutdownGrace))
            : environment?.ShutdownGrace ?? Seconds("shutdown-grace", parse.GetValue(ShutdownGrace)),
        JanitorInterval = Seconds("janitor-interval", parse.GetValue(JanitorInterval)),
        PruneInterval = Seconds("prune-interval", parse.GetValue(PruneInterval)),
        RunJanitor = !parse.GetValue(NoJanitor),
        ExitWhenIdle = exitWhenIdle,
    });

    // The option, else GEO_WORKER_ID, replaces the default (host:pid:random); WorkerOptions.Validate checks it.
    private WorkerOptions WithId(ParseResult parse, Hosting.WorkerEnvironment? environment, WorkerOptions options) =>
        Given(parse, WorkerId) ? options with { WorkerId = parse.GetValue(WorkerId) ?? "" }
            : environment?.WorkerId is { } id ? options with { WorkerId = id } : options;

    /// <summary>Whether the option was on the command line (not just its default).</summary>
    internal static bool Given(ParseResult parse, Option option) => parse.GetResult(option) is { Implicit: false };

    /// <summary>The worker variables whose options this command line gives: they win, and the variables are not read.</summary>
    public IEnumerable<string> Overridden(ParseResult parse)
    {
        if (Given(parse, Concurrency)) yield return Hosting.WorkerEnvironment.ConcurrencyVariable;
        if (Given(parse, ShutdownGrace)) yield return Hosting.WorkerEnvironment.ShutdownGraceVariable;
        if (Given(parse, WorkerId)) yield return Hosting.WorkerEnvironment.WorkerIdVariable;
    }

    /// <param name="name">The option without its dashes (<c>shutdown-grace</c>); the error names the field as every other does (<c>shutdown_grace</c>).</param>
    public static TimeSpan Seconds(string name, double value) =>
        double.IsFinite(value) && value >= 0 && value < 86_400 * 365
            ? TimeSpan.FromSeconds(value)
            : throw new GeoValidationException(name.Replace('-', '_'), "range", $"'--{name}' must be a number of seconds between 0 and one year; got {value}.");
}
