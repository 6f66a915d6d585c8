using System.CommandLine;
using GeoOrchestration.Hosting;

namespace GeoOrchestration.Cli.Commands;

/// <summary>
/// How work reaches workers: <c>--transport</c>, <c>--servicebus-namespace</c>, <c>--servicebus-connection</c>,
/// read by Hosting's <see cref="TransportSettings.Resolve"/> as the PowerShell module reads its own.
/// Shared by <c>worker</c>, <c>submit</c>, <c>run</c> and <c>job get</c>; the <c>servicebus</c> commands take the namespace options alone.
/// </summary>
public sealed class TransportOptionsBinder
{
    public Option<string> Transport { get; } = new Option<string>("--transport")
    {
        Description = $"How work reaches workers: database (workers claim from the store) or servicebus (Azure Service Bus; PostgreSQL only). " +
            $"Default: servicebus when a namespace or connection is given or ${TransportSettings.ServiceBusVariable} is set, else database.",
    }.AsOneOf([.. TransportSettings.Names]);

    public Option<string?> Namespace { get; } = new("--servicebus-namespace")
    {
        Description = $"The Service Bus namespace (geo-prod, or geo-prod{ServiceBusTarget.DefaultSuffix}), reached with Entra ID; implies --transport servicebus " +
            $"(default: ${TransportSettings.ServiceBusVariable}, a namespace or a connection string).",
    };

    public Option<string?> Connection { get; } = new("--servicebus-connection")
    {
        Description = "A Service Bus SAS connection string (Endpoint=sb://...;SharedAccessKeyName=...;SharedAccessKey=...), instead of a namespace; implies --transport servicebus. " +
            $"Prefer ${TransportSettings.ServiceBusVariable}: a command line is visible to other users of the machine.",
    };

    /// <summary>
    /// For <c>geoorch worker</c>: reads the worker's variables for a command line (<see cref="WorkerEnvironment.Read"/>). Then, without
    /// transport options, <c>GEO_TRANSPORT</c> chooses (see <see cref="WorkerEnvironment.ResolveTransport"/>), and a bad worker variable
    /// is refused when the transport is resolved, before the store opens. Null (other commands): no worker variable is read.
    /// </summary>
    public Func<ParseResult, PlatformEnvironment?, WorkerEnvironment>? WorkerVariables { get; init; }

    /// <summary>Whether the command line chose the transport: <c>GEO_TRANSPORT</c> is then not read.</summary>
    public bool Given(ParseResult parse) => parse.GetResult(Transport) is not null
        || !string.IsNullOrWhiteSpace(parse.GetValue(Namespace)) || !string.IsNullOrWhiteSpace(parse.GetValue(Connection));

    /// <summary>Adds the options; <paramref name="withTransport"/> false for the <c>servicebus</c> commands, which always mean Service Bus.</summary>
    public void AddTo(Command command, bool withTransport = true)
    {
        if (withTransport) command.Add(Transport);
        command.Add(Namespace);
        command.Add(Connection);
    }

    /// <summary>
    /// The transport the command uses (see <see cref="TransportSettings.Resolve"/>); a namespace is reached with the
    /// credential of <paramref name="entraId"/>'s options (<c>--credential</c>, <c>--managed-identity-client-id</c>), PostgreSQL's.
    /// </summary>
    public TransportSettings Resolve(ParseResult parse, EntraIdCliOptions? entraId = null, PlatformEnvironment? environment = null)
    {
        var given = parse.GetResult(Transport) is null ? null : parse.GetValue(Transport);
        // A worker reads GEO_TRANSPORT too (and every worker variable, checked here: before anything opens).
        var transport = WorkerVariables is { } read
            ? read(parse, environment).ResolveTransport(given, parse.GetValue(Namespace), parse.GetValue(Connection), environment)
            : TransportSettings.Resolve(given, parse.GetValue(Namespace), parse.GetValue(Connection), environment);
        return entraId is not null && transport.ServiceBus is { UsesEntraId: true } ? transport.WithEntraId(entraId.Resolve(parse, environment)) : transport;
    }

    /// <summary>The namespace a <c>servicebus</c> command works on: the options, else <c>GEO_SERVICEBUS</c>; one is required.</summary>
    public ServiceBusTarget ResolveServiceBus(ParseResult parse, EntraIdCliOptions entraId, PlatformEnvironment? environment = null)
    {
        var target = TransportSettings.Resolve("servicebus", parse.GetValue(Namespace), parse.GetValue(Connection), environment).ServiceBus!;
        return target.UsesEntraId ? target.WithEntraId(entraId.Resolve(parse, environment)) : target;
    }
}
