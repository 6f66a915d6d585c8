using System.CommandLine;
using GeoOrchestration.Hosting;
using GeoOrchestration.Hosting.Health;
using GeoOrchestration.Logging;
using Microsoft.Extensions.Logging;

namespace GeoOrchestration.Cli.Commands;

public static class WorkerCommand
{
    public static Command Create(GlobalOptions options)
    {
        var worker = new WorkerOptionsBinder();
        var exitWhenIdle = new Option<double?>("--exit-when-idle") { Description = "Exit after this many seconds with nothing to do, counting tasks leased by other workers as work that may come back (default: run until stopped)." }.AsSeconds();
        var healthFile = new Option<string?>("--health-file")
        {
            Description = $"Write the worker's heartbeat here every few seconds, for 'geoorch health' (default: ${WorkerEnvironment.HealthFileVariable}; none when unset).",
        };
        var startupTimeout = new Option<string?>("--startup-timeout")
        {
            Description = $"How long to wait at startup for a store that is not ready yet (PostgreSQL starting, a locked SQLite file, a schema deploy under way), retrying with backoff: e.g. 30s, 5m, 1h, seconds, or 0 to try once (default: ${WorkerEnvironment.StartupTimeoutVariable}, else {Model.DurationText.Format(StoreStartupWait.DefaultLimit)}).",
        };
        // The worker's variables, but those whose options are given (they win): read once the transport is resolved, before the store opens.
        TransportOptionsBinder? transport = null;
        WorkerEnvironment Variables(ParseResult parse, PlatformEnvironment? environment) => WorkerEnvironment.Read(environment, [
            .. worker.Overridden(parse),
            .. transport!.Given(parse) ? [WorkerEnvironment.TransportVariable] : Array.Empty<string>(),
            .. parse.GetValue(healthFile) is null ? Array.Empty<string>() : [WorkerEnvironment.HealthFileVariable],
            .. parse.GetValue(startupTimeout) is null ? Array.Empty<string>() : [WorkerEnvironment.StartupTimeoutVariable],
        ]);
        transport = new TransportOptionsBinder { WorkerVariables = Variables };
        var command = new Command("worker", "Run a worker: claim and run work until stopped (Ctrl+C / SIGTERM).");
        worker.AddTo(command);
        command.Add(exitWhenIdle);
        command.Add(healthFile);
        command.Add(startupTimeout);
        transport.AddTo(command);
        command.SetAction((parse, ct) => CliSession.RunAsync(parse, options, async (session, client) =>
        {
            var idle = parse.GetValue(exitWhenIdle) is { } s ? WorkerOptionsBinder.Seconds("exit-when-idle", s) : (TimeSpan?)null;
            // GEO_CONCURRENCY, GEO_SHUTDOWN_GRACE, GEO_HEALTH_FILE, GEO_WORKER_ID, GEO_STARTUP_TIMEOUT: already checked with the transport
            // (GEO_TRANSPORT), before the store opened.
            var environment = Variables(parse, null);
            var waitLimit = parse.GetValue(startupTimeout) is { } limit ? StoreStartupWait.ParseLimit(limit, "startup_timeout")
                : environment.StartupTimeout ?? StoreStartupWait.DefaultLimit;
            var runner = client.CreateWorker(worker.Bind(parse, idle, environment));
            // First of all that touches anything: a path that cannot be written stops the worker before a store file is made.
            // A start that then fails (a schema not deployed) leaves the file marked failed.
            await using var heartbeat = (parse.GetValue(healthFile) ?? environment.HealthFile) is { } path
                ? HeartbeatFile.Start(path, runner, logger: session.Loggers.CreateLogger(WorkerLogMessages.Category)) : null;
            // The same lines, in the same form, as Start-GeoWorker writes (WorkerLogMessages, LogLineFormat).
            var log = session.Loggers.CreateLogger(WorkerLogMessages.Category);
            // Taken before the startup wait: SIGTERM or Ctrl+C while the store is awaited stops the wait at once.
            using var stop = new WorkerStopSignals(ct, why => log.LogInformation("{Message}", WorkerLogMessages.StopRequested(runner, why)));
            try
            {
                // A store not ready yet (PostgreSQL starting, a locked file, a deploy under way) is waited for, within the limit.
                await StoreStartupWait.RunAsync(async token =>
                {
                    // Once the options passed: a fresh machine's embedded file is created here, since the
                    // schema check below only looks (and refuses a file nothing has set up).
                    if (session.Connection!.IsEmbedded) await client.DeploySchemaAsync(dryRun: false, token);
                    // The worker checks too; checking first keeps "started" from preceding the refusal.
                    await client.CheckSchemaAsync(token);
                }, session.Connection!.ToString(), waitLimit, line => log.LogWarning("{Message}", line), stop.Token);
            }
            catch (OperationCanceledException) when (stop.Token.IsCancellationRequested)
            {
                heartbeat?.WorkerStopped();
                log.LogInformation("{Message}", "Stopped while waiting for the store; the worker never started.");
                return ExitCodes.Cancelled;
            }
            // Once registered: a worker refused for its id (exit 8) never says it started.
            runner.Started += () => log.LogInformation("{Message}", WorkerLogMessages.Started(runner, session.Connection.ToString(), heartbeat?.Path));
            await runner.RunAsync(stop.Token);
            heartbeat?.WorkerStopped();
            log.LogInformation("{Message}", WorkerLogMessages.Stopped(runner));
            return ExitCodes.Success;
        }, LogLevel.Information, transport));
        return command;
    }
}
