using System.CommandLine;
using GeoOrchestration.Cli.Output;
using GeoOrchestration.Errors;
using GeoOrchestration.Hosting;

namespace GeoOrchestration.Cli.Commands;

/// <summary>
/// <c>geoorch servicebus deploy [--what-if]</c> and <c>geoorch servicebus dead-letters</c>: the transport's
/// queues, on the namespace given by <c>--servicebus-namespace</c> / <c>--servicebus-connection</c>, else <c>GEO_SERVICEBUS</c>.
/// </summary>
public static class ServiceBusCommand
{
    /// <summary>Dead-lettered messages read per queue at most.</summary>
    public const int MaxLimit = 1000;

    public static Command Create(GlobalOptions options) =>
        new("servicebus", "Manage the Azure Service Bus transport's queues (namespace from --servicebus-namespace / --servicebus-connection, else GEO_SERVICEBUS).")
        {
            Deploy(options), DeadLetters(options),
        };

    private static Command Deploy(GlobalOptions options)
    {
        var target = new TransportOptionsBinder();
        var whatIf = new Option<bool>("--what-if") { Description = "Report each queue setting (current, wanted, action) and change nothing." };
        var administration = new Option<string?>("--servicebus-admin-connection")
        {
            Description = "The administration endpoint's connection string when it is not the namespace's: the development emulator and the local double serve it on a port of their own.",
        };
        var command = new Command("deploy",
            "Create the transport's queues (control and tasks) or bring their settings (lock duration, max delivery count, duplicate detection, dead-lettering) to what the transport wants.")
        {
            whatIf, administration,
        };
        target.AddTo(command, withTransport: false);
        command.SetAction((parse, ct) => CliSession.RunOfflineAsync(parse, options, async session =>
        {
            var serviceBus = target.ResolveServiceBus(parse, options.EntraId);
            var admin = parse.GetValue(administration) is { } text ? ServiceBusTarget.FromAdministrationConnectionString(text) : null;
            var dryRun = parse.GetValue(whatIf);
            var result = await ServiceBusAdministration.DeployQueuesAsync(serviceBus, dryRun, admin, ct);
            if (session.Json) JsonOutput.Write(session.Out, ServiceBusOutput.Deploy(result, serviceBus, dryRun));
            else ServiceBusOutput.Deploy(session.Out, result, serviceBus, dryRun);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command DeadLetters(GlobalOptions options)
    {
        var target = new TransportOptionsBinder();
        var limit = new Option<int>("--limit") { Description = $"At most this many messages per queue, oldest first (1..{MaxLimit}).", DefaultValueFactory = _ => 100 }.AsWholeNumber();
        var command = new Command("dead-letters",
            "List (peek, never remove) the messages Service Bus dead-lettered from the transport's queues. The database still knows every attempt they named.")
        {
            limit,
        };
        target.AddTo(command, withTransport: false);
        command.SetAction((parse, ct) => CliSession.RunOfflineAsync(parse, options, async session =>
        {
            var max = parse.GetValue(limit);
            if (max is < 1 or > MaxLimit)
                throw new GeoValidationException("limit", "range", $"'--limit' must be between 1 and {MaxLimit}; got {max}.");
            var serviceBus = target.ResolveServiceBus(parse, options.EntraId);
            var messages = await ServiceBusAdministration.PeekDeadLettersAsync(serviceBus, max, ct);
            if (session.Json) JsonOutput.Write(session.Out, ServiceBusOutput.DeadLetters(messages));
            else ServiceBusOutput.DeadLetters(session.Out, messages, serviceBus);
            return ExitCodes.Success;
        }));
        return command;
    }
}
