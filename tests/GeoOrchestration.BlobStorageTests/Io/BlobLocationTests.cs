using GeoOrchestration.Errors;
using GeoOrchestration.Jobs.Storage;

namespace GeoOrchestration.BlobStorageTests.Io;

/// <summary>How location text is read: the three forms, globs, and what is refused (no environment of this process is read).</summary>
public sealed class BlobLocationTests
{
    private const string Azurite = "http://127.0.0.1:10000/devstoreaccount1";

    private static readonly BlobEnvironment WithConnectionString = BlobEnvironment.Of(new Dictionary<string, string>
    {
        [BlobEnvironment.ConnectionStringVariable] = $"AccountName=devstoreaccount1;AccountKey={BlobConnectionString.DevelopmentKey};BlobEndpoint={Azurite}",
    });

    private static readonly BlobEnvironment WithAccount = BlobEnvironment.Of(new Dictionary<string, string> { [BlobEnvironment.AccountVariable] = "geodata" });

    private static readonly BlobEnvironment Empty = BlobEnvironment.Of(new Dictionary<string, string>());

    private static (BlobLocation? Location, List<ValidationError> Errors) Parse(string text, BlobEnvironment environment)
    {
        var errors = new List<ValidationError>();
        return (BlobLocation.Parse(text, "source", errors, environment), errors);
    }

    [Fact]
    public void Parse_AzWithConnectionString_TakesItsAccountAndEndpoint()
    {
        var (location, errors) = Parse("az://scenes/2024/june", WithConnectionString);
        Assert.Empty(errors);
        Assert.Equal("devstoreaccount1", location!.Account);
        Assert.Equal(new Uri(Azurite), location.ServiceUri);
        Assert.Equal("scenes", location.Container);
        Assert.Equal("2024/june/", location.Prefix);
        Assert.Null(location.Pattern);
        Assert.Equal("az://scenes/2024/june", location.ToString());
        Assert.Equal(new Uri($"{Azurite}/scenes/2024/june/a%20b.tif"), location.UrlOf("2024/june/a b.tif"));
    }

    [Fact]
    public void Parse_AzWithAccountVariable_UsesThePublicEndpoint()
    {
        var (location, errors) = Parse("az://scenes", WithAccount);
        Assert.Empty(errors);
        Assert.Equal("geodata", location!.Account);
        Assert.Equal(new Uri("https://geodata.blob.core.windows.net"), location.ServiceUri);
        Assert.Equal("", location.Prefix);
        Assert.Equal("https://geodata.blob.core.windows.net/scenes/x.tif", location.UrlOf("x.tif").AbsoluteUri);
    }

    [Fact]
    public void Parse_AzWithoutAnyCredential_NamesTheVariablesToSet()
    {
        var (location, errors) = Parse("az://scenes", Empty);
        Assert.Null(location);
        var error = Assert.Single(errors);
        Assert.Equal(("source", "blob_credentials"), (error.Field, error.Rule));
        Assert.Contains(BlobEnvironment.ConnectionStringVariable, error.Message);
        Assert.Contains(BlobEnvironment.AccountVariable, error.Message);
    }

    [Fact]
    public void Parse_AccountUrl_NamesItsAccountWithoutTheEnvironment()
    {
        var (location, errors) = Parse("https://geodata.blob.core.windows.net/scenes/2024/*.tif", Empty);
        Assert.Empty(errors);
        Assert.Equal(("geodata", "scenes", "2024/", "*.tif"), (location!.Account, location.Container, location.Prefix, location.Pattern));
        Assert.False(location.IsAzScheme);
        Assert.Equal("https://geodata.blob.core.windows.net/scenes/2024/*.tif", location.ToString());
    }

    [Fact]
    public void Parse_PathStyleOfTheConnectionStringsEndpoint_IsAccepted()
    {
        var (location, errors) = Parse($"{Azurite}/scenes/a.tif", WithConnectionString);
        Assert.Empty(errors);
        Assert.Equal(("devstoreaccount1", "scenes", "a.tif"), (location!.Account, location.Container, location.BlobName));
    }

    [Theory]
    [InlineData("http://127.0.0.1:10001/devstoreaccount1/scenes")] // another port
    [InlineData("http://127.0.0.1:10000/otheraccount/scenes")]     // another account
    [InlineData("http://example.org/scenes")]                     // not a blob host at all
    public void Parse_PathStyleNotTheConfiguredEndpoint_IsRefused(string text)
    {
        var (location, errors) = Parse(text, WithConnectionString);
        Assert.Null(location);
        Assert.Equal("blob_account", Assert.Single(errors).Rule);
    }

    [Theory]
    [InlineData("https://geodata.blob.core.windows.net/scenes/a.tif?sv=2024-01-01&sp=r&sig=SECRETSIG")]
    [InlineData("az://scenes/a.tif?sig=SECRETSIG")]
    [InlineData("https://user:SECRETSIG@geodata.blob.core.windows.net/scenes")]
    [InlineData("https://geodata.blob.core.windows.net/scenes#SECRETSIG")]
    public void Parse_CredentialsInTheUrl_AreRefusedWithoutEchoingThem(string text)
    {
        var (location, errors) = Parse(text, WithConnectionString);
        Assert.Null(location);
        var error = Assert.Single(errors);
        Assert.Equal("no_credentials_in_url", error.Rule);
        Assert.DoesNotContain("SECRETSIG", error.Message);
    }

    [Fact]
    public void Parse_QuestionMarkGlob_IsAGlobNotAQuery()
    {
        var (location, errors) = Parse("az://scenes/2024/tile_?.tif", WithConnectionString);
        Assert.Empty(errors);
        Assert.Equal("tile_?.tif", location!.Pattern);
        Assert.True(location.Matches("2024/tile_1.tif"));
        Assert.True(location.Matches("2024/deeper/tile_2.tif"));
        Assert.False(location.Matches("2024/tile_10.tif"));
        Assert.False(location.Matches("2024/tile_1.TIF"));
        Assert.Null(location.BlobName);
    }

    [Theory]
    [InlineData("az://scenes/*/a.tif", "glob")]
    [InlineData("az://Scenes/a.tif", "container")]
    [InlineData("az://ab", "container")]
    [InlineData("az://sc--enes", "container")]
    [InlineData("az://", "blob_url")]
    [InlineData("s3://bucket/key", "blob_url")]
    [InlineData("https://geodata.blob.core.windows.net/", "container")]
    public void Parse_BadShapes_AreRefusedNamingTheRule(string text, string rule)
    {
        var (location, errors) = Parse(text, WithConnectionString);
        Assert.Null(location);
        Assert.Contains(errors, e => e.Rule == rule && e.Field == "source" && e.Message.StartsWith("Parameter 'source'", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("az://scenes", true)]
    [InlineData("HTTPS://geodata.blob.core.windows.net/scenes", true)]
    [InlineData("/data/scenes", false)]
    [InlineData("scenes", false)]
    public void IsBlob_TellsLocationsFromPaths(string text, bool expected) => Assert.Equal(expected, BlobLocation.IsBlob(text));

    [Fact]
    public void Parse_MalformedConnectionString_NamesTheVariableNotItsValue()
    {
        var environment = BlobEnvironment.Of(new Dictionary<string, string>
        {
            [BlobEnvironment.ConnectionStringVariable] = "AccountName=geodata;SharedAccessSignatureX=SECRETSIG",
        });
        var (location, errors) = Parse("az://scenes", environment);
        Assert.Null(location);
        var error = Assert.Single(errors);
        Assert.Contains(BlobEnvironment.ConnectionStringVariable, error.Message);
        Assert.DoesNotContain("SECRETSIG", error.Message);
    }
}
