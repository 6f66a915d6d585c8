using System.CommandLine;
using GeoOrchestration.Cli;
using GeoOrchestration.Cli.Commands;
using GeoOrchestration.Errors;
using GeoOrchestration.Hosting.EntraId;

namespace GeoOrchestration.Hosting.Tests;

/// <summary>
/// A Service Bus namespace is reached with the process's one Entra ID credential, the instance PostgreSQL's
/// logins use for the same options (issue 19, part 2 and 3); a connection string needs none.
/// </summary>
public sealed class TransportCredentialTests
{
    private const string ClientId = "8f2b5f1e-3c1a-4c55-9a55-0c9f7b1d2e3f";

    private static PlatformEnvironment Linux(params (string Name, string Value)[] variables) =>
        new(name => variables.FirstOrDefault(v => v.Name == name).Value, IsWindows: false, HomeFolder: "/home/ada", LocalAppDataFolder: null);

    [Fact]
    public void Namespace_WithTheSessionsCredentialOptions_UsesTheInstancePostgresUses()
    {
        var options = EntraIdOptions.Resolve("managed-identity", ClientId, Linux());
        var postgres = GeoConnection.Resolve("Host=db;Username=geo-workers", null, Linux()).WithEntraId(options);

        var transport = TransportSettings.Resolve(null, "geo-prod", null, Linux()).WithEntraId(options);

        Assert.Equal(options, transport.ServiceBus!.EntraId);
        Assert.Same(postgres.Credential, transport.ServiceBus.ToOptions().Credential);
    }

    [Fact]
    public void ConnectionString_TakesNoCredential()
    {
        var transport = TransportSettings.Resolve(null, null, "Endpoint=sb://geo-prod.servicebus.windows.net/;SharedAccessKeyName=a;SharedAccessKey=b", Linux())
            .WithEntraId(EntraIdOptions.Resolve("managed-identity", ClientId, Linux()));

        Assert.Null(transport.ServiceBus!.EntraId);
        Assert.Null(transport.ServiceBus.ToOptions().Credential);
    }

    [Fact]
    public void Cli_CredentialOptions_ReachTheNamespace()
    {
        var options = new GlobalOptions();
        var binder = new TransportOptionsBinder();
        var root = new RootCommand();
        options.AddTo(root);
        binder.AddTo(root);
        var parse = root.Parse(["--servicebus-namespace", "geo-prod", "--credential", "managed-identity", "--managed-identity-client-id", ClientId]);
        Assert.Empty(parse.Errors);

        var transport = binder.Resolve(parse, options.EntraId, Linux());

        Assert.Equal(EntraIdOptions.Resolve("managed-identity", ClientId, Linux()), transport.ServiceBus!.EntraId);
    }

    [Fact]
    public void AdministrationConnectionString_Malformed_IsRefusedUnderItsOwnField()
    {
        var e = Assert.Throws<GeoValidationException>(() => ServiceBusTarget.FromAdministrationConnectionString("Endpoint=sb://127.0.0.1:5300"));

        Assert.Equal(("servicebus_admin_connection", "format"), (e.Errors[0].Field, e.Errors[0].Rule));
    }
}
