using System.CommandLine;
using GeoOrchestration.Logging;
using Microsoft.Extensions.Logging;

namespace GeoOrchestration.Cli.Commands;

public static class WorkerCommand
{
    public static Command Create(GlobalOptions options)
    {
        var worker = new WorkerOptionsBinder();
        var exitWhenIdle = new Option<double?>("--exit-when-idle") { Description = "Exit after this many seconds with nothing to do, counting tasks leased by other workers as work that may come back (default: run until stopped)." }.AsSeconds();
        var transport = new TransportOptionsBinder();
        var command = new Command("worker", "Run a worker: claim and run work until stopped (Ctrl+C / SIGTERM).");
        worker.AddTo(command);
        command.Add(exitWhenIdle);
        transport.AddTo(command);
        command.SetAction((parse, ct) => CliSession.RunAsync(parse, options, async (session, client) =>
        {
            var idle = parse.GetValue(exitWhenIdle) is { } s ? WorkerOptionsBinder.Seconds("exit-when-idle", s) : (TimeSpan?)null;
            var runner = client.CreateWorker(worker.Bind(parse, idle));
            // Once the options passed: a fresh machine's embedded file is created here, since the
            // schema check below only looks (and refuses a file nothing has set up).
            if (session.Connection!.IsEmbedded) await client.DeploySchemaAsync(dryRun: false, ct);
            // The worker checks too; checking first keeps "started" from preceding the refusal.
            await client.CheckSchemaAsync(ct);
            // The same lines, in the same form, as Start-GeoWorker writes (WorkerLogMessages, LogLineFormat).
            var log = session.Loggers.CreateLogger(WorkerLogMessages.Category);
            using var stop = new WorkerStopSignals(ct, why => log.LogInformation("{Message}", WorkerLogMessages.StopRequested(runner, why)));
            log.LogInformation("{Message}", WorkerLogMessages.Started(runner, session.Connection.ToString()));
            await runner.RunAsync(stop.Token);
            log.LogInformation("{Message}", WorkerLogMessages.Stopped(runner));
            return ExitCodes.Success;
        }, LogLevel.Information, transport));
        return command;
    }
}
