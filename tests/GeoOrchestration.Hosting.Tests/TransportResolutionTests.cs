using System.CommandLine;
using GeoOrchestration.Cli.Commands;
using GeoOrchestration.Errors;

namespace GeoOrchestration.Hosting.Tests;

/// <summary>
/// The one order every front end resolves its transport in (issue 19, part 3): given to the command
/// &gt; the session's (<c>Connect-GeoOrchestration</c>) &gt; <c>GEO_SERVICEBUS</c> &gt; the database transport;
/// a namespace or connection string chooses Service Bus by itself, <c>--transport database</c> keeps the
/// database's whatever the environment says, and the embedded store refuses Service Bus.
/// </summary>
public sealed class TransportResolutionTests
{
    private const string Key = "c2VjcmV0LWtleS1ub3QtdG8tYmUtc2hvd24=";
    private const string Sas = $"Endpoint=sb://geo-sas.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey={Key}";

    private static PlatformEnvironment Linux(params (string Name, string Value)[] variables) =>
        new(name => variables.FirstOrDefault(v => v.Name == name).Value, IsWindows: false, HomeFolder: "/home/ada", LocalAppDataFolder: null);

    private static readonly PlatformEnvironment WithVariable = Linux((TransportSettings.ServiceBusVariable, "geo-env"));

    private static (TransportKind, string?, TransportSource) Facts(TransportSettings t) => (t.Kind, t.ServiceBus?.Namespace, t.Source);

    [Fact]
    public void Resolve_NothingChosen_IsTheDatabaseTransport()
    {
        var transport = TransportSettings.Resolve(null, null, null, Linux());

        Assert.Equal((TransportKind.Database, null, TransportSource.Default), Facts(transport));
        Assert.Equal("database", transport.ToString());
    }

    [Fact]
    public void Resolve_GeoServiceBusSet_ChoosesServiceBus()
    {
        var transport = TransportSettings.Resolve(null, null, null, WithVariable);

        Assert.Equal((TransportKind.ServiceBus, "geo-env.servicebus.windows.net", TransportSource.Environment), Facts(transport));
        Assert.Equal("Azure Service Bus geo-env.servicebus.windows.net (Entra ID) (GEO_SERVICEBUS)", transport.ToString());
    }

    [Fact]
    public void Resolve_GeoServiceBusHoldingAConnectionString_UsesItsKey()
    {
        var transport = TransportSettings.Resolve(null, null, null, Linux((TransportSettings.ServiceBusVariable, Sas)));

        Assert.Equal("geo-sas.servicebus.windows.net", transport.ServiceBus!.Namespace);
        Assert.Equal(Sas, transport.ServiceBus.ToOptions().ConnectionString);
        Assert.DoesNotContain(Key, transport.ToString());
    }

    [Fact]
    public void Resolve_TransportDatabase_WinsOverGeoServiceBus()
    {
        Assert.Equal((TransportKind.Database, null, TransportSource.Explicit), Facts(TransportSettings.Resolve("database", null, null, WithVariable)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("servicebus")]
    [InlineData("ServiceBus")]
    public void Resolve_NamespaceGiven_ChoosesServiceBusOverTheEnvironmentAndTheSession(string? kind)
    {
        var session = TransportSettings.Resolve(null, "geo-session", null, Linux()).AsSessionDefault();

        var transport = TransportSettings.Resolve(kind, "geo-given", null, WithVariable, session);

        Assert.Equal((TransportKind.ServiceBus, "geo-given.servicebus.windows.net", TransportSource.Explicit), Facts(transport));
    }

    [Fact]
    public void Resolve_ConnectionGiven_ChoosesServiceBusWithItsKey()
    {
        var transport = TransportSettings.Resolve(null, null, Sas, WithVariable);

        Assert.Equal((TransportKind.ServiceBus, "geo-sas.servicebus.windows.net", TransportSource.Explicit), Facts(transport));
        Assert.False(transport.ServiceBus!.UsesEntraId);
    }

    [Fact]
    public void Resolve_SessionsServiceBus_WinsOverTheEnvironment()
    {
        var session = TransportSettings.Resolve(null, "geo-session", null, Linux()).AsSessionDefault();

        var transport = TransportSettings.Resolve(null, null, null, WithVariable, session);

        Assert.Equal((TransportKind.ServiceBus, "geo-session.servicebus.windows.net", TransportSource.Session), Facts(transport));
    }

    [Fact]
    public void Resolve_ServiceBusWithNothingNamingANamespace_IsRefusedAsRequired()
    {
        var e = Assert.Throws<GeoValidationException>(() => TransportSettings.Resolve("servicebus", null, null, Linux()));

        Assert.Equal(("servicebus_namespace", "required"), (e.Errors[0].Field, e.Errors[0].Rule));
        Assert.Contains("GEO_SERVICEBUS", e.Message);
    }

    [Fact]
    public void Resolve_NamespaceAndConnectionBoth_AreRefusedAsExclusive()
    {
        var e = Assert.Throws<GeoValidationException>(() => TransportSettings.Resolve(null, "geo-prod", Sas, Linux()));

        Assert.Equal(("servicebus_connection", "exclusive"), (e.Errors[0].Field, e.Errors[0].Rule));
        Assert.DoesNotContain(Key, e.Message);
    }

    [Theory]
    [InlineData("geo-prod", null, "servicebus_namespace")]
    [InlineData(null, Sas, "servicebus_connection")]
    public void Resolve_ServiceBusOptionWithTransportDatabase_IsRefusedAsNotApplicable(string? ns, string? connection, string field)
    {
        var e = Assert.Throws<GeoValidationException>(() => TransportSettings.Resolve("database", ns, connection, Linux()));

        Assert.Equal((field, "not_applicable"), (e.Errors[0].Field, e.Errors[0].Rule));
    }

    [Fact]
    public void Resolve_UnknownTransport_IsRefusedNamingTheAllowedOnes()
    {
        var e = Assert.Throws<GeoValidationException>(() => TransportSettings.Resolve("kafka", null, null, Linux()));

        Assert.Equal(("transport", "allowed"), (e.Errors[0].Field, e.Errors[0].Rule));
        Assert.Contains("database, servicebus", e.Message);
    }

    [Fact]
    public void Resolve_MalformedGeoServiceBus_IsRefusedEvenWhenNothingElseAsksForServiceBus()
    {
        var e = Assert.Throws<GeoValidationException>(() => TransportSettings.Resolve(null, null, null, Linux((TransportSettings.ServiceBusVariable, "sb://x"))));

        Assert.Equal("host_name", e.Errors[0].Rule);
    }

    [Theory]
    [InlineData(TransportSource.Explicit, "")]
    [InlineData(TransportSource.Environment, "chosen by GEO_SERVICEBUS")]
    public void RequireSupportedBy_EmbeddedStore_RefusesServiceBusSayingPostgreSqlIsRequired(TransportSource source, string why)
    {
        var transport = source == TransportSource.Environment
            ? TransportSettings.Resolve(null, null, null, Linux((TransportSettings.ServiceBusVariable, Sas)))
            : TransportSettings.Resolve("servicebus", null, Sas, Linux());
        var embedded = GeoConnection.Resolve("sqlite:/srv/geo.db", null, Linux());

        var e = Assert.Throws<GeoValidationException>(() => transport.RequireSupportedBy(embedded));

        Assert.Equal(("transport", "requires_postgresql"), (e.Errors[0].Field, e.Errors[0].Rule));
        Assert.Contains("needs a PostgreSQL store", e.Message);
        Assert.Contains("sqlite:/srv/geo.db", e.Message);
        Assert.Contains(why, e.Message);
        Assert.DoesNotContain(Key, e.Message);
    }

    [Fact]
    public void RequireSupportedBy_PostgresOrTheDatabaseTransport_Passes()
    {
        var serviceBus = TransportSettings.Resolve(null, "geo-prod", null, Linux());

        serviceBus.RequireSupportedBy(GeoConnection.Resolve("Host=db;Username=geo", null, Linux()));
        TransportSettings.Database.RequireSupportedBy(GeoConnection.Resolve("sqlite:/srv/geo.db", null, Linux()));
    }

    public static TheoryData<string[], string?> CommandLines => new()
    {
        { [], null },
        { ["--transport", "database"], null },
        { ["--servicebus-namespace", "geo-given"], "geo-given.servicebus.windows.net" },
        { ["--transport", "servicebus"], "geo-env.servicebus.windows.net" },
        { ["--servicebus-connection", Sas], "geo-sas.servicebus.windows.net" },
    };

    /// <summary>geoorch's options reach Hosting's resolution as given (and unset ones as unset): the same transport as the module gets.</summary>
    [Theory]
    [MemberData(nameof(CommandLines))]
    public void Cli_Options_ResolveAsHostingDoes(string[] arguments, string? serviceBus)
    {
        var binder = new TransportOptionsBinder();
        var command = new RootCommand();
        binder.AddTo(command);
        var parse = command.Parse(arguments);
        Assert.Empty(parse.Errors);
        var environment = arguments.Length == 0 ? Linux() : WithVariable;

        var transport = binder.Resolve(parse, environment: environment);

        Assert.Equal(serviceBus, transport.ServiceBus?.Namespace);
        Assert.Equal(serviceBus is null ? TransportKind.Database : TransportKind.ServiceBus, transport.Kind);
    }
}
