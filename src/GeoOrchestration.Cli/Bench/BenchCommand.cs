using GeoOrchestration.Errors;
using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using GeoOrchestration.Cli.Commands;
using GeoOrchestration.Cli.Output;

namespace GeoOrchestration.Cli.Bench;

public static class BenchCommand
{
    private static readonly Dictionary<string, int> DefaultTasks = new()
    {
        ["drain"] = 20_000, ["plan"] = 100_000, ["chain"] = 1, ["ceiling"] = 1_000_000, ["retry"] = 100,
    };

    public static Command Create(GlobalOptions options)
    {
        var scenario = new Argument<string>("SCENARIO") { Description = "drain | plan | chain | ceiling | retry" };
        scenario.AsOneOf("drain", "plan", "chain", "ceiling", "retry");
        var tasks = new Option<int?>("--tasks") { Description = "Tasks in the stage (defaults: drain 20000, plan 100000, ceiling 1000000, retry 100)." }.AsWholeNumber();
        var workers = new Option<int>("--workers") { Description = "Workers (in this process, or processes with --processes).", DefaultValueFactory = _ => 1 }.AsWholeNumber();
        var concurrency = new Option<int>("--concurrency") { Description = "Concurrency of each worker.", DefaultValueFactory = _ => 16 }.AsWholeNumber();
        var processes = new Option<bool>("--processes") { Description = "Run the workers as separate geoorch worker processes." };
        var runs = new Option<int>("--runs") { Description = "Repetitions; figures are reported per run and as the median.", DefaultValueFactory = _ => 3 }.AsWholeNumber();
        var stages = new Option<int>("--handoffs") { Description = "chain: stage hand-offs to measure.", DefaultValueFactory = _ => 50 }.AsWholeNumber();
        var warmups = new Option<int>("--warmup")
        {
            Description = "Unmeasured runs first (at most 20000 tasks each), so the figures show a worker that runs warm, not the JIT compiler.",
            DefaultValueFactory = _ => 1,
        }.AsWholeNumber();
        var transport = new Option<string>("--transport")
        {
            Description = "How work reaches the workers: database (the default), servicebus (PostgreSQL only), or both (database and servicebus runs interleaved, " +
                "each with a store and workers of its own). GEO_SERVICEBUS is not read: the bench uses only the namespace it is given.",
            DefaultValueFactory = _ => "database",
        }.AsOneOf(Transports);
        var serviceBusConnection = new Option<string?>("--servicebus-connection")
        {
            Description = "The Service Bus namespace's SAS connection string, whose queues (geoorch servicebus deploy) no other worker receives from. " +
                "Default: a local Service Bus double started in this process, with fresh queues.",
        };
        var command = new Command("bench",
            "Measure the engine against the store given by --connection: PostgreSQL (a schema of its own, dropped afterwards) " +
            "or SQLite (a file of its own beside the configured one, deleted afterwards).")
            { scenario, tasks, workers, concurrency, processes, runs, stages, warmups, transport, serviceBusConnection };
        command.Subcommands.Add(RasterBenchCommand.Create(options));
        command.Subcommands.Add(PruneBenchCommand.Create(options));
        command.SetAction((parse, ct) => CliSession.RunAsync(parse, options, async (session, _) =>
        {
            var name = parse.GetValue(scenario)!;
            var settings = new BenchSettings
            {
                Scenario = name,
                Tasks = parse.GetValue(tasks) ?? DefaultTasks[name],
                Workers = parse.GetValue(workers),
                Concurrency = parse.GetValue(concurrency),
                Processes = parse.GetValue(processes),
                Runs = parse.GetValue(runs),
                Stages = parse.GetValue(stages),
                Warmups = parse.GetValue(warmups),
                Transport = parse.GetValue(transport)!,
            };
            var connectionString = parse.GetValue(serviceBusConnection);
            Validate(settings);
            ValidateTransport(settings, connectionString, session.Connection!);
            var measured = await BenchTransports.RunAsync(settings, session.Connection!, connectionString, session.Error, ct);
            if (session.Json)
            {
                var figures = measured.Select(m => ToJson(settings with { Transport = m.Transport }, m.Results, Median(m.Results))).ToList();
                // One transport: its figures, as ever; both: an object of each transport's.
                JsonOutput.Write(session.Out, figures.Count == 1 ? figures[0] : new JsonObject(measured.Select((m, i) =>
                    KeyValuePair.Create(m.Transport, (JsonNode?)figures[i]))));
            }
            else
            {
                foreach (var m in measured)
                    session.Out.WriteLine($"{name} ({settings.Tasks} tasks, {settings.Workers} {(settings.Processes ? "process" : "in-process worker")}(s) x concurrency {settings.Concurrency}" +
                        $"{(settings.Transport == "database" ? "" : $", {m.Transport} transport")}), median of {settings.Runs}: {Describe(Median(m.Results))}");
            }
            return ExitCodes.Success;
        })); // the benchmark never touches the configured store (its client goes unused), only one of its own
        return command;
    }

    /// <summary>The values of <c>--transport</c>.</summary>
    public static readonly string[] Transports = ["database", "servicebus", "both"];

    /// <summary>
    /// Service Bus relays work from PostgreSQL's outbox: refused on the embedded store before anything is created;
    /// a connection string only with a transport that uses it.
    /// </summary>
    private static void ValidateTransport(BenchSettings s, string? serviceBusConnection, Hosting.GeoConnection connection)
    {
        if (s.Transport == "database" && serviceBusConnection is not null)
            throw new Errors.GeoValidationException(Hosting.ServiceBusTarget.ConnectionField, "not_applicable",
                "'--servicebus-connection' applies to '--transport servicebus' or 'both' only, and the transport given is 'database'.");
        if (s.Transport != "database" && connection.IsEmbedded)
            throw new Errors.GeoValidationException(Hosting.TransportSettings.TransportField, "requires_postgresql",
                $"'--transport {s.Transport}' measures the Service Bus transport, which needs a PostgreSQL store (it relays work from PostgreSQL's outbox), " +
                $"and {connection} is the embedded SQLite store. Give --connection a PostgreSQL server, or measure '--transport database'.");
    }

    private static void Validate(BenchSettings s)
    {
        var errors = new List<Errors.ValidationError>();
        if (s.Tasks is < 1 or > 1_000_000) errors.Add(new("tasks", "range", $"'--tasks' must be between 1 and 1000000; got {s.Tasks}."));
        if (s.Workers is < 1 or > 64) errors.Add(new("workers", "range", $"'--workers' must be between 1 and 64; got {s.Workers}."));
        if (s.Concurrency is < Engine.WorkerDefaults.MinConcurrency or > Engine.WorkerDefaults.MaxConcurrency) errors.Add(new("concurrency", "range", $"'--concurrency' must be between {Engine.WorkerDefaults.MinConcurrency} and {Engine.WorkerDefaults.MaxConcurrency}; got {s.Concurrency}."));
        if (s.Runs is < 1 or > 20) errors.Add(new("runs", "range", $"'--runs' must be between 1 and 20; got {s.Runs}."));
        if (s.Stages is < 1 or > 1000) errors.Add(new("handoffs", "range", $"'--handoffs' must be between 1 and 1000; got {s.Stages}."));
        if (s.Warmups is < 0 or > 10) errors.Add(new("warmup", "range", $"'--warmup' must be between 0 and 10; got {s.Warmups}."));
        if (errors.Count > 0) throw new Errors.GeoValidationException(errors);
    }

    private static BenchResult Median(List<BenchResult> results)
    {
        static double? M(IEnumerable<double?> values)
        {
            var v = values.Where(x => x is not null).Select(x => x!.Value).Order().ToList();
            return v.Count == 0 ? null : v[v.Count / 2];
        }
        return new BenchResult
        {
            TasksPerSecond = M(results.Select(r => r.TasksPerSecond)),
            PlanTasksPerSecond = M(results.Select(r => r.PlanTasksPerSecond)),
            HandoffP50Ms = M(results.Select(r => r.HandoffP50Ms)),
            HandoffP99Ms = M(results.Select(r => r.HandoffP99Ms)),
            RetryDueP50Ms = M(results.Select(r => r.RetryDueP50Ms)),
            RetryDueP99Ms = M(results.Select(r => r.RetryDueP99Ms)),
            PeakRssMb = M(results.Select(r => r.PeakRssMb)),
            Seconds = M(results.Select(r => (double?)r.Seconds)) ?? 0,
            Commits = M(results.Select(r => (double?)r.Commits)) is { } commits ? (long)commits : null,
            Tasks = results[0].Tasks,
        };
    }

    internal static string Describe(BenchResult r)
    {
        var parts = new List<string>();
        if (r.TasksPerSecond is { } tps) parts.Add($"{tps:N0} tasks/s");
        if (r.PlanTasksPerSecond is { } plan) parts.Add($"planning {plan:N0} tasks/s");
        if (r.HandoffP50Ms is { } p50) parts.Add($"hand-off p50 {p50:0.00} ms, p99 {r.HandoffP99Ms:0.00} ms");
        if (r.RetryDueP50Ms is { } due50) parts.Add($"retry due to claimed p50 {due50:0.00} ms, p99 {r.RetryDueP99Ms:0.00} ms");
        if (r.CommitsPerTask is { } cpt) parts.Add($"{cpt:0.000} commits/task");
        if (r.PeakRssMb is { } rss) parts.Add($"peak RSS {rss:0} MB");
        parts.Add($"{r.Seconds.ToString("0.0", CultureInfo.InvariantCulture)} s");
        return string.Join(", ", parts);
    }

    private static JsonObject ToJson(BenchSettings s, List<BenchResult> runs, BenchResult median)
    {
        static JsonObject Figures(BenchResult r) => new()
        {
            ["tasksPerSecond"] = r.TasksPerSecond,
            ["planTasksPerSecond"] = r.PlanTasksPerSecond,
            ["handoffP50Ms"] = r.HandoffP50Ms,
            ["handoffP99Ms"] = r.HandoffP99Ms,
            ["retryDueP50Ms"] = r.RetryDueP50Ms,
            ["retryDueP99Ms"] = r.RetryDueP99Ms,
            ["peakRssMb"] = r.PeakRssMb,
            ["commitsPerTask"] = r.CommitsPerTask,
            ["seconds"] = r.Seconds,
        };
        var result = Figures(median);
        result["settings"] = new JsonObject
        {
            ["scenario"] = s.Scenario, ["tasks"] = s.Tasks, ["workers"] = s.Workers, ["concurrency"] = s.Concurrency,
            ["processes"] = s.Processes, ["runs"] = s.Runs, ["handoffs"] = s.Stages, ["warmup"] = s.Warmups, ["transport"] = s.Transport,
        };
        result["runs"] = new JsonArray(runs.Select(r => (JsonNode)Figures(r)).ToArray());
        return result;
    }
}
