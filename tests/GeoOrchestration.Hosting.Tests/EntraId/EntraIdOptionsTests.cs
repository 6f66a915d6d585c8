using Azure.Identity;
using GeoOrchestration.Errors;
using GeoOrchestration.Hosting.EntraId;

namespace GeoOrchestration.Hosting.Tests.EntraId;

/// <summary>Which credential the process uses: read from the options given, else the environment, checked before anything connects.</summary>
public sealed class EntraIdOptionsTests
{
    private const string ClientId = "6f1b0c8e-3a0d-4d59-9c1e-2b7f5e4a9d10";
    private const string OtherClientId = "0a6c9e2f-7b41-4c3a-8e5d-1f2a3b4c5d6e";

    private static PlatformEnvironment Environment(params (string Name, string Value)[] variables) =>
        new(name => variables.FirstOrDefault(v => v.Name == name).Value, IsWindows: false, HomeFolder: "/home/ada", LocalAppDataFolder: null);

    private static readonly (string, string)[] WorkloadVariables =
    [
        (EntraIdOptions.TenantIdVariable, "72f988bf-86f1-41af-91ab-2d7cd011db47"),
        (EntraIdOptions.FederatedTokenFileVariable, "/var/run/secrets/azure/tokens/azure-identity-token"),
        (EntraIdOptions.ClientIdVariable, ClientId),
    ];

    [Fact]
    public void Resolve_NothingGiven_IsTheDefaultCredentialWithoutAClientId()
    {
        var options = EntraIdOptions.Resolve(null, null, Environment());

        Assert.Equal(CredentialKind.Default, options.Credential);
        Assert.Null(options.ClientId);
        Assert.Equal("default", options.ToString());
    }

    [Theory]
    [InlineData("default", CredentialKind.Default)]
    [InlineData("managed-identity", CredentialKind.ManagedIdentity)]
    [InlineData("Managed-Identity", CredentialKind.ManagedIdentity)]
    [InlineData(" workload-identity ", CredentialKind.WorkloadIdentity)]
    public void Resolve_CredentialName_IsReadWhateverItsCase(string name, CredentialKind expected)
    {
        Assert.Equal(expected, EntraIdOptions.Resolve(name, null, Environment(WorkloadVariables)).Credential);
    }

    [Fact]
    public void Resolve_CredentialVariable_IsUsedWhenNoneIsGiven_AndTheGivenOneWins()
    {
        var environment = Environment((EntraIdOptions.CredentialVariable, "managed-identity"));

        Assert.Equal(CredentialKind.ManagedIdentity, EntraIdOptions.Resolve(null, null, environment).Credential);
        Assert.Equal(CredentialKind.Default, EntraIdOptions.Resolve("default", null, environment).Credential);
    }

    [Fact]
    public void Resolve_ManagedIdentityWithoutAClientId_IsSystemAssigned()
    {
        var options = EntraIdOptions.Resolve("managed-identity", null, Environment());

        Assert.Null(options.ClientId);
        Assert.Equal("managed-identity (system-assigned)", options.ToString());
    }

    [Fact]
    public void Resolve_ClientId_ComesFromAzureClientIdWhenNotGiven_AndTheGivenOneWins()
    {
        var environment = Environment((EntraIdOptions.ClientIdVariable, ClientId));

        Assert.Equal(ClientId, EntraIdOptions.Resolve("managed-identity", null, environment).ClientId);
        var given = EntraIdOptions.Resolve("managed-identity", OtherClientId.ToUpperInvariant(), environment);
        Assert.Equal(OtherClientId, given.ClientId);
        Assert.Equal($"managed-identity (client id {OtherClientId})", given.ToString());
    }

    [Fact]
    public void Resolve_UnknownCredential_IsRefusedNamingTheFieldAndTheNames()
    {
        var e = Assert.Throws<GeoValidationException>(() => EntraIdOptions.Resolve("msi", null, Environment()));

        var error = Assert.Single(e.Errors);
        Assert.Equal(("credential", "one_of"), (error.Field, error.Rule));
        Assert.Equal("'credential' must be one of default, managed-identity, workload-identity; got 'msi'.", error.Message);
    }

    [Fact]
    public void Resolve_UnknownCredentialInTheEnvironment_NamesTheVariable()
    {
        var e = Assert.Throws<GeoValidationException>(() =>
            EntraIdOptions.Resolve(null, null, Environment((EntraIdOptions.CredentialVariable, "cli"))));

        Assert.Equal((EntraIdOptions.CredentialVariable, "one_of"), (e.Errors[0].Field, e.Errors[0].Rule));
    }

    [Fact]
    public void Resolve_ClientIdNotAGuid_IsRefusedNamingTheField_WithoutEchoingTheValue()
    {
        const string secretLooking = "Xq8Q~abcDEFghiJKLmnoPQRstuVWXyz0123456789";

        var e = Assert.Throws<GeoValidationException>(() => EntraIdOptions.Resolve("managed-identity", secretLooking, Environment()));

        var error = Assert.Single(e.Errors);
        Assert.Equal(("managed_identity_client_id", "format"), (error.Field, error.Rule));
        Assert.Contains("must be a client id, a GUID", error.Message);
        Assert.DoesNotContain(secretLooking, e.Message);
    }

    [Fact]
    public void Resolve_ClientIdVariableNotAGuid_NamesTheVariable()
    {
        var e = Assert.Throws<GeoValidationException>(() =>
            EntraIdOptions.Resolve(null, null, Environment((EntraIdOptions.ClientIdVariable, "my-identity"))));

        Assert.Equal((EntraIdOptions.ClientIdVariable, "format"), (e.Errors[0].Field, e.Errors[0].Rule));
    }

    [Fact]
    public void Resolve_EveryBrokenRule_IsReportedAtOnce()
    {
        var e = Assert.Throws<GeoValidationException>(() => EntraIdOptions.Resolve("msi", "nope", Environment()));

        Assert.Equal(["credential", "managed_identity_client_id"], e.Errors.Select(x => x.Field));
    }

    [Fact]
    public void Resolve_WorkloadIdentity_TakesTenantTokenFileAndClientIdFromTheEnvironment()
    {
        var options = EntraIdOptions.Resolve("workload-identity", null, Environment(WorkloadVariables));

        Assert.Equal(CredentialKind.WorkloadIdentity, options.Credential);
        Assert.Equal(ClientId, options.ClientId);
        Assert.Equal("72f988bf-86f1-41af-91ab-2d7cd011db47", options.TenantId);
        Assert.Equal("/var/run/secrets/azure/tokens/azure-identity-token", options.FederatedTokenFile);
    }

    [Fact]
    public void Resolve_WorkloadIdentityWithoutItsEnvironment_IsAConfigurationErrorNamingWhatIsMissing()
    {
        var e = Assert.Throws<GeoConfigurationException>(() =>
            EntraIdOptions.Resolve("workload-identity", null, Environment((EntraIdOptions.ClientIdVariable, ClientId))));

        Assert.Contains("AZURE_TENANT_ID, AZURE_FEDERATED_TOKEN_FILE", e.Message);
        Assert.DoesNotContain("AZURE_CLIENT_ID,", e.Message);
    }

    [Fact]
    public void ProcessCredential_SameOptions_SameInstance_OtherOptions_AnotherOne()
    {
        var first = ProcessCredential.For(EntraIdOptions.Resolve("managed-identity", ClientId, Environment()));
        var again = ProcessCredential.For(EntraIdOptions.Resolve("Managed-Identity", ClientId.ToUpperInvariant(), Environment()));
        var other = ProcessCredential.For(EntraIdOptions.Resolve("managed-identity", OtherClientId, Environment()));

        Assert.Same(first, again);
        Assert.NotSame(first, other);
    }

    [Fact]
    public void ProcessCredential_IsTheKindNamed()
    {
        Assert.IsType<ManagedIdentityCredential>(ProcessCredential.For(EntraIdOptions.Resolve("managed-identity", null, Environment())));
        Assert.IsType<WorkloadIdentityCredential>(ProcessCredential.For(EntraIdOptions.Resolve("workload-identity", null, Environment(WorkloadVariables))));
        Assert.IsType<DefaultAzureCredential>(ProcessCredential.For(EntraIdOptions.Resolve(null, null, Environment())));
    }
}
