using System.CommandLine;
using GeoOrchestration.Cli.Logging;
using GeoOrchestration.Errors;
using GeoOrchestration.Jobs;
using GeoOrchestration.Hosting;
using GeoOrchestration.Registry;
using Microsoft.Extensions.Logging;

namespace GeoOrchestration.Cli;

/// <summary>
/// What one command invocation works with: the parsed global options, a connected
/// <see cref="GeoClient"/>, and where to write. Runs the command's body and turns its
/// exceptions into the exit code and message of <see cref="ErrorReporter"/>.
/// </summary>
public sealed class CliSession
{
    private CliSession(ParseResult parse, GlobalOptions options)
    {
        Parse = parse;
        Json = parse.GetValue(options.Output) == "json";
        Verbose = parse.GetValue(options.Verbose);
        Out = parse.InvocationConfiguration.Output;
        Error = parse.InvocationConfiguration.Error;
    }

    public ParseResult Parse { get; }
    public bool Json { get; }
    public bool Verbose { get; }
    public TextWriter Out { get; }
    public TextWriter Error { get; }

    /// <summary>Registry of the built-in job types; built once per process.</summary>
    public static JobRegistry Registry => LazyRegistry.Value;
    private static readonly Lazy<JobRegistry> LazyRegistry = new(() => JobRegistry.FromAssemblies(BuiltInJobs.Assembly));

    /// <summary>Runs a command that needs no database.</summary>
    public static Task<int> RunOfflineAsync(ParseResult parse, GlobalOptions options, Func<CliSession, Task<int>> body)
    {
        var session = new CliSession(parse, options);
        return session.GuardAsync(() => body(session));
    }

    /// <summary>
    /// Runs a command against the store named by --connection, else GEO_CONNECTION, else the embedded
    /// SQLite file in the per-user data folder (<see cref="GeoConnection"/>). Nothing is deployed
    /// here: the embedded default store creates its file and schema on its first use (a file named by
    /// --connection or GEO_CONNECTION must exist: see <see cref="GeoConnection.CreatesStore"/>), which comes after the
    /// command has checked what it was given, so bad input leaves no file behind (as it leaves no
    /// schema on PostgreSQL). A command whose first use of the store only looks (a worker's schema
    /// check) deploys the embedded store itself.
    /// </summary>
    /// <param name="transport">
    /// The command's transport options (<c>worker</c>, <c>submit</c>, <c>run</c>): read with the connection,
    /// and the client's workers and submissions use that transport; null for commands that carry no work.
    /// </param>
    public static Task<int> RunAsync(ParseResult parse, GlobalOptions options, Func<CliSession, GeoClient, Task<int>> body,
        LogLevel logLevel = LogLevel.Warning, Commands.TransportOptionsBinder? transport = null)
    {
        var session = new CliSession(parse, options);
        return session.GuardAsync(async () =>
        {
            var connection = ResolveConnection(parse, options);
            session.Connection = connection;
            if (session.Verbose) session.Error.WriteLine($"geoorch: store {connection}");
            // Checked with the connection, before anything opens: bad options or Service Bus on the embedded store leave nothing behind.
            var carrier = transport?.Resolve(parse, options.EntraId) ?? TransportSettings.Database;
            carrier.RequireSupportedBy(connection);
            session.Transport = carrier;
            if (session.Verbose && transport is not null) session.Error.WriteLine($"geoorch: transport {carrier}");
            using var loggers = LoggerFactory.Create(b => b
                .AddConsole(o =>
                {
                    o.LogToStandardErrorThreshold = LogLevel.Trace;
                    o.FormatterName = OneLineConsoleFormatter.FormatterName;
                })
                .AddConsoleFormatter<OneLineConsoleFormatter, OneLineConsoleFormatterOptions>(o =>
                {
                    o.IncludeStackTraces = session.Verbose;
                    // Lines go to stderr: coloured only on a terminal, and never under NO_COLOR.
                    o.Colour = GeoOrchestration.Logging.LogLineFormat.UseColour(Console.IsErrorRedirected);
                })
                .SetMinimumLevel(session.Verbose ? LogLevel.Debug : logLevel));
            session.Loggers = loggers;
            await using var client = transport is null ? connection.CreateClient(Registry, loggers) : connection.CreateClient(Registry, carrier, loggers);
            return await body(session, client);
        });
    }

    /// <summary>
    /// The store a command works on: <c>--connection</c> and <c>--schema</c> as parsed, read by Hosting's
    /// <see cref="GeoConnection.Resolve"/> as the PowerShell module reads its own (geoorch has no session default),
    /// logging in with Entra ID when <c>--use-entra-id</c> was given.
    /// </summary>
    public static GeoConnection ResolveConnection(ParseResult parse, GlobalOptions options, PlatformEnvironment? environment = null) =>
        options.EntraId.Apply(GeoConnection.Resolve(parse.GetValue(options.Connection), parse.GetValue(options.Schema), environment), parse, environment);

    /// <summary>Where the command's own log lines go: the same console lines as the engine's (set by <see cref="RunAsync"/>).</summary>
    public ILoggerFactory Loggers { get; private set; } = Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance;

    /// <summary>The transport the command's workers and submissions use (the database's unless the command took transport options).</summary>
    public TransportSettings Transport { get; private set; } = TransportSettings.Database;

    /// <summary>The store the command works on (set once <see cref="RunAsync"/> resolved it).</summary>
    public GeoConnection? Connection { get; private set; }

    private async Task<int> GuardAsync(Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
        catch (Exception e)
        {
            return ErrorReporter.Report(e, Error, Verbose, Json ? Out : null);
        }
    }
}
