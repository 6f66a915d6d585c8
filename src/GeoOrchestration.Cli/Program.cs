using System.CommandLine;
using GeoOrchestration.Cli;
using GeoOrchestration.Cli.Commands;

var options = new GlobalOptions();
var root = new RootCommand("geoorch: run multi-stage geospatial jobs reliably on PostgreSQL.");
options.AddTo(root);
root.Add(SchemaCommand.Create(options));
root.Add(SubmitCommand.Create(options));
root.Add(JobCommand.Create(options));
root.Add(WorkerCommand.Create(options));
root.Add(WorkersCommand.Create(options));
root.Add(HealthCommand.Create(options));
root.Add(PruneCommand.Create(options));
root.Add(RetentionCommand.Create(options));
root.Add(RunCommand.Create(options));
root.Add(JobTypesCommand.Create(options));
root.Add(ServiceBusCommand.Create(options));
root.Add(GeoOrchestration.Cli.Bench.BenchCommand.Create(options));

var parse = root.Parse(args);
if (parse.Errors.Count > 0 && parse.Action is not System.CommandLine.Help.HelpAction)
{
    // Usage errors get the same one-line form, JSON error object and exit code as any other bad input.
    // The parser echoes what it could not place, which may be a connection string typed after a misspelt option: masked.
    var message = ErrorReporter.OneLine(string.Join(" ", parse.Errors.Select(e => GeoOrchestration.Hosting.SecretMask.Apply(e.Message))) + " Run 'geoorch --help' for usage.");
    Console.Error.WriteLine($"geoorch: {message}");
    if (!(parse.GetResult(options.Output)?.Errors.Any() ?? false) && parse.GetValue(options.Output) == "json")
        GeoOrchestration.Cli.Output.JsonOutput.Write(Console.Out, GeoOrchestration.Cli.Output.JsonOutput.Error(
            ErrorReporter.UsageErrorId, GeoOrchestration.Errors.GeoErrorCategory.Validation, message));
    return ExitCodes.InvalidInput;
}
// Every command honours the cancellation token (a worker finishes its grace period, then hands
// work back); the long limit only stops the library from killing the process after 2 seconds.
// A worker takes SIGINT and SIGTERM itself (WorkerStopSignals), to log which one stopped it.
var signals = parse.CommandResult.Command.Name == "worker" ? (TimeSpan?)null : TimeSpan.FromHours(1);
// Traces go out only when the OTEL_* environment asks (CliTelemetry); disposed, the provider flushes what it holds.
OpenTelemetry.Trace.TracerProvider? telemetry;
try
{
    telemetry = GeoOrchestration.Cli.Telemetry.CliTelemetry.Start(parse.CommandResult.Command.Name);
}
catch (GeoOrchestration.Errors.GeoValidationException e)
{
    return ErrorReporter.Report(e, Console.Error, verbose: false, parse.GetValue(options.Output) == "json" ? Console.Out : null);
}
using (telemetry)
    return await parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = signals });
