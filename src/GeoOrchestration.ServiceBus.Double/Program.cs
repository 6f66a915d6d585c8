using System.CommandLine;
using System.Runtime.InteropServices;
using GeoOrchestration.ServiceBus.Double;
using GeoOrchestration.ServiceBus.Double.Broker;
using Microsoft.Extensions.Logging;

// The double as a process, for local development and for tests that need a Service Bus in another process:
//   dotnet run --project src/GeoOrchestration.ServiceBus.Double -- --port 5672 [--admin-port 5300] [--queues geo-control,geo-tasks]
// prints one labelled line per connection string on stdout, one line per event on stderr, and runs until
// SIGINT (Ctrl+C) or SIGTERM, then exits 0.

var port = new Option<int>("--port") { Description = "The AMQP port on 127.0.0.1 (0 takes a free one).", Required = true };
var adminPort = new Option<int>("--admin-port") { Description = "The administration (HTTP) port on 127.0.0.1; 0 (the default) takes a free one.", DefaultValueFactory = _ => 0 };
var queues = new Option<string?>("--queues") { Description = "Queues to create at start, comma-separated (e.g. geo-control,geo-tasks), with the transport's settings." };
var keyName = new Option<string>("--key-name") { Description = "The SAS rule name.", DefaultValueFactory = _ => "RootManageSharedAccessKey" };
var key = new Option<string>("--key") { Description = "The SAS key (printed in the connection strings).", DefaultValueFactory = _ => "double-key" };
foreach (var option in new[] { port, adminPort })
{
    option.Validators.Add(r =>
    {
        if (r.GetValueOrDefault<int>() is < 0 or > 65535)
            r.AddError($"{r.IdentifierToken?.Value}: {r.GetValueOrDefault<int>()} is not a port (0 to 65535).");
    });
}

var root = new RootCommand("A local Azure Service Bus double: AMQP for the SDK with UseDevelopmentEmulator=true, and the administration HTTP endpoint.")
{
    port, adminPort, queues, keyName, key,
};
root.SetAction(async (parse, cancellationToken) =>
{
    // Every log line goes to stderr, one line each, so stdout holds only the connection strings.
    using var loggers = LoggerFactory.Create(b => b
        .AddFilter("Microsoft", LogLevel.Warning)
        .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace)
        .AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss.fff "; }));
    var log = loggers.CreateLogger("servicebus-double");

    using var stop = new CancellationTokenSource();
    var registrations = new List<PosixSignalRegistration>();
    foreach (var (signal, name) in new[] { (PosixSignal.SIGINT, "SIGINT"), (PosixSignal.SIGTERM, "SIGTERM") })
    {
        registrations.Add(PosixSignalRegistration.Create(signal, context =>
        {
            context.Cancel = true;
            log.LogInformation("{Signal}: stopping", name);
            stop.Cancel();
        }));
    }

    var sb = await ServiceBusDouble.StartAsync(new ServiceBusDoubleOptions
    {
        Port = parse.GetValue(port),
        AdministrationPort = parse.GetValue(adminPort),
        SharedAccessKeyName = parse.GetValue(keyName)!,
        SharedAccessKey = parse.GetValue(key)!,
        Loggers = loggers,
    }, cancellationToken);
    foreach (var name in (parse.GetValue(queues) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
    {
        // The settings `geoorch servicebus deploy` wants, so a deploy against the tool reports no change.
        sb.Queues.TryCreate(name, new QueueSettings { RequiresDuplicateDetection = true, DeadLetteringOnMessageExpiration = true });
        log.LogInformation("queue {Queue} created", name);
    }

    Console.Out.WriteLine($"ConnectionString: {sb.ConnectionString}");
    Console.Out.WriteLine($"AdministrationConnectionString: {sb.AdministrationConnectionString}");
    Console.Out.Flush();
    log.LogInformation("listening: AMQP on 127.0.0.1:{Port}, administration on 127.0.0.1:{AdminPort}", sb.Port, sb.AdministrationPort);

    try { await Task.Delay(Timeout.Infinite, stop.Token); }
    catch (OperationCanceledException) { }
    await sb.DisposeAsync();
    foreach (var registration in registrations) registration.Dispose();
    log.LogInformation("stopped");
    return 0;
});
// Signals are taken above (to log and exit 0), not by System.CommandLine's own handler.
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
