using Azure.Core;
using GeoOrchestration.Jobs.Storage;

namespace GeoOrchestration.BlobStorageTests.Io;

/// <summary>Which credential a location gets from the environment (connection string first, then the process's Entra ID credential).</summary>
public sealed class BlobCredentialTests
{
    private const string Key = BlobConnectionString.DevelopmentKey;

    private static BlobLocation Location(string account = "geodata") => new()
    {
        Account = account,
        ServiceUri = new Uri($"https://{account}.blob.core.windows.net"),
        Container = "scenes",
    };

    private static BlobCredential? Resolve(BlobLocation location, Dictionary<string, string> variables, TokenCredential? token, out string? problem) =>
        BlobCredential.For(location, BlobEnvironment.Of(variables, token), out problem);

    [Fact]
    public void For_ConnectionStringWithKey_IsASharedKeyForItsAccount()
    {
        var credential = Resolve(Location(), new() { [BlobEnvironment.ConnectionStringVariable] = $"AccountName=geodata;AccountKey={Key}" }, new FixedToken(), out var problem);
        Assert.Null(problem);
        Assert.Equal("shared key", credential!.Kind);
        Assert.Null(credential.SasPermissions);
        Assert.DoesNotContain(Key, credential.ToString());
    }

    [Fact]
    public void For_ConnectionStringWithSas_KnowsItsPermissions()
    {
        var credential = Resolve(Location(), new()
        {
            [BlobEnvironment.ConnectionStringVariable] = "BlobEndpoint=https://geodata.blob.core.windows.net;SharedAccessSignature=sv=2024-01-01&ss=b&srt=co&sp=rl&sig=SECRETSIG",
        }, null, out var problem);
        Assert.Null(problem);
        Assert.Equal(("SAS", "rl"), (credential!.Kind, credential.SasPermissions));
        Assert.DoesNotContain("SECRETSIG", credential.ToString());
    }

    [Fact]
    public void For_NoConnectionString_UsesTheProcessTokenCredential()
    {
        var token = new FixedToken();
        var credential = Resolve(Location(), new() { [BlobEnvironment.AccountVariable] = "geodata" }, token, out var problem);
        Assert.Null(problem);
        Assert.Equal("Entra ID", credential!.Kind);
    }

    [Fact]
    public void For_ConnectionStringOfAnotherAccount_FallsBackToTheTokenCredential()
    {
        var credential = Resolve(Location("other"), new() { [BlobEnvironment.ConnectionStringVariable] = $"AccountName=geodata;AccountKey={Key}" }, new FixedToken(), out var problem);
        Assert.Null(problem);
        Assert.Equal("Entra ID", credential!.Kind);
    }

    [Fact]
    public void For_ConnectionStringOfAnotherAccountAndNoToken_NamesBothAccounts()
    {
        var credential = Resolve(Location("other"), new() { [BlobEnvironment.ConnectionStringVariable] = $"AccountName=geodata;AccountKey={Key}" }, null, out var problem);
        Assert.Null(credential);
        Assert.Contains("'geodata'", problem);
        Assert.Contains("'other'", problem);
        Assert.DoesNotContain(Key, problem);
    }

    [Fact]
    public void For_NothingSet_SaysWhatToSet()
    {
        var credential = Resolve(Location(), new(), null, out var problem);
        Assert.Null(credential);
        Assert.Contains(BlobEnvironment.WhatToSet, problem);
    }

    [Fact]
    public void For_KeyNotBase64_IsAProblemThatDoesNotQuoteIt()
    {
        var credential = Resolve(Location(), new() { [BlobEnvironment.ConnectionStringVariable] = "AccountName=geodata;AccountKey=not*base64*SECRET" }, null, out var problem);
        Assert.Null(credential);
        Assert.Contains("AccountKey", problem);
        Assert.DoesNotContain("SECRET", problem);
    }

    [Fact]
    public void For_TokenSourceThatFails_IsAProblemNamingTheAccount()
    {
        var environment = new BlobEnvironment(name => name == BlobEnvironment.AccountVariable ? "geodata" : null,
            () => throw new Errors.GeoValidationException([new("GEO_CREDENTIAL", "one_of", "'GEO_CREDENTIAL' must be one of default, managed-identity, workload-identity.")]));
        var credential = BlobCredential.For(Location(), environment, out var problem);
        Assert.Null(credential);
        Assert.Contains("'geodata'", problem);
        Assert.Contains("GEO_CREDENTIAL", problem);
    }

    [Theory]
    [InlineData("UseDevelopmentStorage=true", "devstoreaccount1", "http://127.0.0.1:10000/devstoreaccount1")]
    [InlineData("DefaultEndpointsProtocol=https;AccountName=geodata;AccountKey=" + Key + ";EndpointSuffix=core.chinacloudapi.cn", "geodata", "https://geodata.blob.core.chinacloudapi.cn/")]
    [InlineData("BlobEndpoint=http://azurite:10000/devstoreaccount1/;SharedAccessSignature=?sv=1&sig=x", "devstoreaccount1", "http://azurite:10000/devstoreaccount1")]
    public void ConnectionString_Parse_FindsAccountAndEndpoint(string text, string account, string endpoint)
    {
        var parsed = BlobConnectionString.Parse(text, out var problem);
        Assert.Null(problem);
        Assert.Equal(account, parsed!.Account);
        Assert.Equal(new Uri(endpoint), parsed.ServiceUri);
    }

    [Theory]
    [InlineData("AccountName=geodata", "neither AccountKey nor SharedAccessSignature")]
    [InlineData("AccountKey=" + Key, "no AccountName")]
    [InlineData("garbage", "Name=Value")]
    [InlineData("AccountName=a;AccountKey=" + Key + ";BlobEndpoint=ftp://x", "BlobEndpoint")]
    public void ConnectionString_Parse_SaysWhatIsMissing(string text, string expected)
    {
        Assert.Null(BlobConnectionString.Parse(text, out var problem));
        Assert.Contains(expected, problem);
        Assert.DoesNotContain(Key, problem);
    }

    private sealed class FixedToken : TokenCredential
    {
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) => new("token", DateTimeOffset.UtcNow.AddHours(1));
        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) => new(GetToken(requestContext, cancellationToken));
    }
}
