using System.CommandLine;
using GeoOrchestration.Cli.Commands;
using GeoOrchestration.Engine;
using GeoOrchestration.Errors;

namespace GeoOrchestration.Hosting.Tests;

/// <summary>
/// A worker's configuration by environment (issue 20): GEO_CONCURRENCY, GEO_SHUTDOWN_GRACE, GEO_TRANSPORT and
/// GEO_HEALTH_FILE, read by Hosting's <see cref="WorkerEnvironment"/> for <c>geoorch worker</c> and <c>Start-GeoWorker</c>:
/// each variable's form and range, a bad value refused naming the variable and its rule (every bad one at once),
/// and an option given on the command line winning over its variable.
/// </summary>
public sealed class WorkerEnvironmentTests
{
    private static PlatformEnvironment Linux(params (string Name, string Value)[] variables) =>
        new(name => variables.FirstOrDefault(v => v.Name == name).Value, IsWindows: false, HomeFolder: "/home/ada", LocalAppDataFolder: null);

    private static GeoValidationException Refused(params (string, string)[] variables) =>
        Assert.Throws<GeoValidationException>(() => WorkerEnvironment.Read(Linux(variables)));

    [Fact]
    public void Read_NothingSet_LeavesEveryValueUnset()
    {
        var environment = WorkerEnvironment.Read(Linux());

        Assert.Equal(new WorkerEnvironment(), environment);
    }

    [Fact]
    public void Read_BlankVariables_AreAsIfUnset()
    {
        var environment = WorkerEnvironment.Read(Linux(("GEO_CONCURRENCY", " "), ("GEO_SHUTDOWN_GRACE", ""), ("GEO_TRANSPORT", "  "), ("GEO_HEALTH_FILE", "")));

        Assert.Equal(new WorkerEnvironment(), environment);
    }

    [Fact]
    public void Read_EveryVariable_IsTaken()
    {
        var environment = WorkerEnvironment.Read(Linux(("GEO_CONCURRENCY", " 8 "), ("GEO_SHUTDOWN_GRACE", "2.5"), ("GEO_TRANSPORT", "ServiceBus"),
            ("GEO_HEALTH_FILE", "/tmp/geoorch/health.json")));

        Assert.Equal(8, environment.Concurrency);
        Assert.Equal(TimeSpan.FromSeconds(2.5), environment.ShutdownGrace);
        Assert.Equal("servicebus", environment.Transport);
        Assert.Equal("/tmp/geoorch/health.json", environment.HealthFile);
    }

    [Theory]
    [InlineData("1", 1)]
    [InlineData("1024", 1024)]
    [InlineData("+16", 16)]
    public void Read_ConcurrencyWithinRange_IsTaken(string text, int expected) =>
        Assert.Equal(expected, WorkerEnvironment.Read(Linux(("GEO_CONCURRENCY", text))).Concurrency);

    [Theory]
    [InlineData("abc", "whole_number")]
    [InlineData("2.5", "whole_number")]
    [InlineData("4 workers", "whole_number")]
    [InlineData("0", "range")]
    [InlineData("-3", "range")]
    [InlineData("1025", "range")]
    [InlineData("99999999999", "range")]
    public void Read_BadConcurrency_IsRefusedNamingTheVariableAndRule(string text, string rule)
    {
        var error = Assert.Single(Refused(("GEO_CONCURRENCY", text)).Errors);

        Assert.Equal(("GEO_CONCURRENCY", rule), (error.Field, error.Rule));
        Assert.StartsWith("GEO_CONCURRENCY must be a whole number from 1 to 1024", error.Message);
    }

    [Theory]
    [InlineData("0", 0)]
    [InlineData("30", 30)]
    [InlineData("0.5", 0.5)]
    public void Read_ShutdownGraceInSeconds_IsTaken(string text, double seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), WorkerEnvironment.Read(Linux(("GEO_SHUTDOWN_GRACE", text))).ShutdownGrace);

    [Theory]
    [InlineData("-1")]
    [InlineData("30s")]
    [InlineData("1e9")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("31536000")]
    public void Read_BadShutdownGrace_IsRefusedNamingTheVariableAndRule(string text)
    {
        var error = Assert.Single(Refused(("GEO_SHUTDOWN_GRACE", text)).Errors);

        Assert.Equal(("GEO_SHUTDOWN_GRACE", "seconds"), (error.Field, error.Rule));
        Assert.Contains("GEO_SHUTDOWN_GRACE must be a number of seconds from 0 to one year", error.Message);
    }

    [Theory]
    [InlineData("kafka")]
    [InlineData("service-bus")]
    public void Read_UnknownTransport_IsRefusedNamingTheVariableAndRule(string text)
    {
        var error = Assert.Single(Refused(("GEO_TRANSPORT", text)).Errors);

        Assert.Equal(("GEO_TRANSPORT", "allowed"), (error.Field, error.Rule));
        Assert.Equal($"GEO_TRANSPORT must be one of database, servicebus; got '{text}'.", error.Message);
    }

    [Theory]
    [InlineData("/tmp/geoorch/")]
    [InlineData("C:\\geo\\")]
    public void Read_HealthFileNamingAFolder_IsRefusedNamingTheVariableAndRule(string text)
    {
        var error = Assert.Single(Refused(("GEO_HEALTH_FILE", text)).Errors);

        Assert.Equal(("GEO_HEALTH_FILE", "file_path"), (error.Field, error.Rule));
    }

    [Fact]
    public void Read_SeveralBadVariables_NamesEveryOneAtOnce()
    {
        var errors = Refused(("GEO_CONCURRENCY", "0"), ("GEO_SHUTDOWN_GRACE", "soon"), ("GEO_TRANSPORT", "kafka"), ("GEO_HEALTH_FILE", "/tmp/"))
            .Errors.Select(e => e.Field).ToList();

        Assert.Equal(["GEO_CONCURRENCY", "GEO_SHUTDOWN_GRACE", "GEO_TRANSPORT", "GEO_HEALTH_FILE"], errors);
    }

    [Fact]
    public void Read_OverriddenVariables_AreNeitherReadNorChecked()
    {
        var variables = Linux(("GEO_CONCURRENCY", "many"), ("GEO_SHUTDOWN_GRACE", "soon"), ("GEO_TRANSPORT", "kafka"), ("GEO_HEALTH_FILE", "/tmp/geo/health.json"));

        var environment = WorkerEnvironment.Read(variables, ["GEO_CONCURRENCY", "GEO_SHUTDOWN_GRACE", "GEO_TRANSPORT"]);

        Assert.Equal(new WorkerEnvironment { HealthFile = "/tmp/geo/health.json" }, environment);
    }

    [Fact]
    public void ReadHealthFile_ChecksOnlyGeoHealthFile()
    {
        var variables = Linux(("GEO_CONCURRENCY", "many"), ("GEO_TRANSPORT", "kafka"), ("GEO_HEALTH_FILE", "/tmp/geo/health.json"));

        Assert.Equal("/tmp/geo/health.json", WorkerEnvironment.ReadHealthFile(variables));
        Assert.Equal("GEO_HEALTH_FILE", Assert.Single(Assert.Throws<GeoValidationException>(() => WorkerEnvironment.ReadHealthFile(Linux(("GEO_HEALTH_FILE", "/tmp/")))).Errors).Field);
    }

    [Fact]
    public void ResolveTransport_DatabaseWithGeoServiceBusSet_KeepsTheDatabaseTransport()
    {
        var variables = Linux(("GEO_TRANSPORT", "database"), (TransportSettings.ServiceBusVariable, "geo-env"));

        var transport = WorkerEnvironment.Read(variables).ResolveTransport(null, null, null, variables);

        Assert.Equal(TransportKind.Database, transport.Kind);
        // Without GEO_TRANSPORT the same environment chooses Service Bus: the variable is what kept the database's.
        Assert.Equal(TransportKind.ServiceBus, WorkerEnvironment.Read(Linux((TransportSettings.ServiceBusVariable, "geo-env")))
            .ResolveTransport(null, null, null, variables).Kind);
    }

    [Fact]
    public void ResolveTransport_ServiceBusWithGeoServiceBus_IsServiceBus()
    {
        var variables = Linux(("GEO_TRANSPORT", "servicebus"), (TransportSettings.ServiceBusVariable, "geo-env"));

        var transport = WorkerEnvironment.Read(variables).ResolveTransport(null, null, null, variables);

        Assert.Equal((TransportKind.ServiceBus, "geo-env.servicebus.windows.net"), (transport.Kind, transport.ServiceBus?.Namespace));
    }

    [Fact]
    public void ResolveTransport_ServiceBusWithoutANamespace_IsRefusedNamingTheVariable()
    {
        var variables = Linux(("GEO_TRANSPORT", "servicebus"));

        var error = Assert.Single(Assert.Throws<GeoValidationException>(() => WorkerEnvironment.Read(variables).ResolveTransport(null, null, null, variables)).Errors);

        Assert.Equal(("GEO_TRANSPORT", "requires_servicebus"), (error.Field, error.Rule));
        Assert.Contains("set GEO_SERVICEBUS", error.Message);
    }

    [Fact]
    public void ResolveTransport_OptionsGiven_WinOverGeoTransport()
    {
        var variables = Linux(("GEO_TRANSPORT", "database"), (TransportSettings.ServiceBusVariable, "geo-env"));
        var environment = WorkerEnvironment.Read(variables);

        Assert.Equal(TransportKind.ServiceBus, environment.ResolveTransport(null, "geo-given", null, variables).Kind);
        Assert.Equal(TransportKind.ServiceBus, environment.ResolveTransport("servicebus", null, null, variables).Kind);
        var onlyServiceBus = Linux(("GEO_TRANSPORT", "servicebus"), (TransportSettings.ServiceBusVariable, "geo-env"));
        Assert.Equal(TransportKind.Database, WorkerEnvironment.Read(onlyServiceBus).ResolveTransport("database", null, null, onlyServiceBus).Kind);
    }

    [Fact]
    public void ResolveTransport_SessionServiceBus_WinsOverGeoTransport()
    {
        var variables = Linux(("GEO_TRANSPORT", "database"));
        var session = TransportSettings.Resolve(null, "geo-session", null, variables).AsSessionDefault();

        var transport = WorkerEnvironment.Read(variables).ResolveTransport(null, null, null, variables, session);

        Assert.Equal((TransportKind.ServiceBus, "geo-session.servicebus.windows.net"), (transport.Kind, transport.ServiceBus?.Namespace));
    }

    /// <summary><c>geoorch worker</c>'s options: a variable fills an option not given, an option given wins, and <c>run</c> (no environment) keeps the defaults.</summary>
    [Theory]
    [InlineData(new string[0], 8, 2.5)]
    [InlineData(new[] { "--concurrency", "3" }, 3, 2.5)]
    [InlineData(new[] { "--shutdown-grace", "7" }, 8, 7)]
    [InlineData(new[] { "--concurrency", "4", "--shutdown-grace", "30" }, 4, 30)]
    public void Cli_WorkerOptions_GivenWinOverVariables(string[] arguments, int concurrency, double grace)
    {
        var binder = new WorkerOptionsBinder();
        var command = new RootCommand();
        binder.AddTo(command);
        var parse = command.Parse(arguments);
        Assert.Empty(parse.Errors);
        var environment = WorkerEnvironment.Read(Linux(("GEO_CONCURRENCY", "8"), ("GEO_SHUTDOWN_GRACE", "2.5")));

        var options = binder.Bind(parse, environment: environment);

        Assert.Equal((concurrency, TimeSpan.FromSeconds(grace)), (options.Concurrency, options.ShutdownGrace));
    }

    [Fact]
    public void Cli_WorkerOptionsWithoutEnvironment_KeepTheEnginesDefaults()
    {
        var binder = new WorkerOptionsBinder();
        var command = new RootCommand();
        binder.AddTo(command);

        var options = binder.Bind(command.Parse([]));

        Assert.Equal((WorkerDefaults.Concurrency, TimeSpan.FromSeconds(WorkerDefaults.ShutdownGraceSeconds)), (options.Concurrency, options.ShutdownGrace));
    }

    /// <summary>An option given wins over its variable even when the variable holds a bad value: it is not read (<c>geoorch worker</c>'s overridden set).</summary>
    [Fact]
    public void Cli_WorkerOptionsGiven_LeaveTheirBadVariablesUnread()
    {
        var binder = new WorkerOptionsBinder();
        var command = new RootCommand();
        binder.AddTo(command);
        var parse = command.Parse(["--concurrency", "2", "--shutdown-grace", "1"]);
        var variables = Linux(("GEO_CONCURRENCY", "many"), ("GEO_SHUTDOWN_GRACE", "soon"));

        var options = binder.Bind(parse, environment: WorkerEnvironment.Read(variables, binder.Overridden(parse)));

        Assert.Equal(["GEO_CONCURRENCY", "GEO_SHUTDOWN_GRACE"], binder.Overridden(parse));
        Assert.Equal((2, TimeSpan.FromSeconds(1)), (options.Concurrency, options.ShutdownGrace));
        Assert.Empty(binder.Overridden(command.Parse([])));
    }

    /// <summary><c>geoorch worker</c>'s transport options read GEO_TRANSPORT (and refuse a bad worker variable) where other commands do not.</summary>
    [Fact]
    public void Cli_WorkerTransport_ReadsGeoTransport()
    {
        var variables = Linux(("GEO_TRANSPORT", "database"), (TransportSettings.ServiceBusVariable, "geo-env"), ("GEO_CONCURRENCY", "8"));
        TransportSettings Resolve(bool forWorker, PlatformEnvironment environment)
        {
            var binder = new TransportOptionsBinder { WorkerVariables = forWorker ? (_, e) => WorkerEnvironment.Read(e) : null };
            var command = new RootCommand();
            binder.AddTo(command);
            return binder.Resolve(command.Parse([]), environment: environment);
        }

        Assert.Equal(TransportKind.Database, Resolve(forWorker: true, variables).Kind);
        Assert.Equal(TransportKind.ServiceBus, Resolve(forWorker: false, variables).Kind);
        var bad = Linux(("GEO_CONCURRENCY", "many"));
        Assert.Equal("GEO_CONCURRENCY", Assert.Single(Assert.Throws<GeoValidationException>(() => Resolve(forWorker: true, bad)).Errors).Field);
    }

    [Fact]
    public void Read_WorkerIdAndStartupTimeout_AreTaken()
    {
        var environment = WorkerEnvironment.Read(Linux(("GEO_WORKER_ID", "geo-worker-0"), ("GEO_STARTUP_TIMEOUT", " 90s ")));

        Assert.Equal(("geo-worker-0", TimeSpan.FromSeconds(90)), (environment.WorkerId, environment.StartupTimeout));
        Assert.Equal(TimeSpan.Zero, WorkerEnvironment.Read(Linux(("GEO_STARTUP_TIMEOUT", "0"))).StartupTimeout);
        Assert.Equal(TimeSpan.FromMinutes(5), WorkerEnvironment.Read(Linux(("GEO_STARTUP_TIMEOUT", "5m"))).StartupTimeout);
    }

    [Theory]
    [InlineData("GEO_WORKER_ID", "x", 513, "max_length", "GEO_WORKER_ID: must be at most 512 characters; got 513.")]
    [InlineData("GEO_WORKER_ID", "a\0b", 1, "storable_text", "GEO_WORKER_ID: holds ")]
    [InlineData("GEO_STARTUP_TIMEOUT", "soon", 1, null, "GEO_STARTUP_TIMEOUT")]
    [InlineData("GEO_STARTUP_TIMEOUT", "2d", 1, "maximum", "GEO_STARTUP_TIMEOUT: must be at most ")]
    public void Read_BadWorkerIdOrStartupTimeout_IsRefusedNamingTheVariableAndRule(string variable, string text, int repeat, string? rule, string message)
    {
        var value = string.Concat(Enumerable.Repeat(text, repeat));

        var error = Assert.Single(Refused((variable, value)).Errors);

        Assert.Equal(variable, error.Field);
        if (rule is not null) Assert.Equal(rule, error.Rule);
        Assert.StartsWith(message, error.Message);
    }

    /// <summary><c>geoorch worker</c>: GEO_WORKER_ID fills <c>--worker-id</c> when it is not given; the option given wins and leaves the variable unread.</summary>
    [Fact]
    public void Cli_WorkerId_FromTheVariable_UnlessTheOptionIsGiven()
    {
        var binder = new WorkerOptionsBinder();
        var command = new RootCommand();
        binder.AddTo(command);
        var variables = Linux(("GEO_WORKER_ID", "from-env"));
        var given = command.Parse(["--worker-id", "from-option"]);

        Assert.Equal("from-env", binder.Bind(command.Parse([]), environment: WorkerEnvironment.Read(variables)).WorkerId);
        Assert.Equal("from-option", binder.Bind(given, environment: WorkerEnvironment.Read(variables, binder.Overridden(given))).WorkerId);
        Assert.Contains("GEO_WORKER_ID", binder.Overridden(given));
        Assert.Null(WorkerEnvironment.Read(Linux(("GEO_WORKER_ID", new string('x', 600))), binder.Overridden(given)).WorkerId);
    }
}
