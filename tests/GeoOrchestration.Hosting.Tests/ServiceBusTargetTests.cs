using GeoOrchestration.Errors;

namespace GeoOrchestration.Hosting.Tests;

/// <summary>
/// How every front end reads a Service Bus namespace or SAS connection string (issue 19, part 3):
/// a bare name gets the public cloud's suffix, a host name is kept, anything else is refused naming
/// the field and the rule; a connection string is read with the SDK's parser, and its key never
/// appears in an error or a description.
/// </summary>
public sealed class ServiceBusTargetTests
{
    private const string Key = "c2VjcmV0LWtleS1ub3QtdG8tYmUtc2hvd24=";
    private const string Sas = $"Endpoint=sb://Geo-Prod.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey={Key}";

    [Fact]
    public void FromNamespace_BareName_GetsThePublicCloudSuffix()
    {
        var target = ServiceBusTarget.FromNamespace("Geo-Prod");

        Assert.Equal("geo-prod.servicebus.windows.net", target.Namespace);
        Assert.True(target.UsesEntraId);
        Assert.Equal("geo-prod.servicebus.windows.net (Entra ID)", target.ToString());
    }

    [Theory]
    [InlineData("geo-prod.servicebus.windows.net", "geo-prod.servicebus.windows.net")]
    [InlineData("Geo-Prod.servicebus.chinacloudapi.cn", "geo-prod.servicebus.chinacloudapi.cn")]
    [InlineData("geo-prod.servicebus.windows.net.", "geo-prod.servicebus.windows.net")]
    public void FromNamespace_HostName_IsKeptInLowerCase(string text, string host)
    {
        var target = ServiceBusTarget.FromNamespace(text);

        Assert.Equal(host, target.Namespace);
        var options = target.ToOptions(new FixedCredential());
        Assert.Equal(host, options.FullyQualifiedNamespace);
        Assert.Null(options.ConnectionString);
        Assert.IsType<FixedCredential>(options.Credential);
    }

    [Theory]
    [InlineData("geo")]                                            // shorter than 6
    [InlineData("1geoprod")]                                       // starts with a digit
    [InlineData("geo_prod")]                                       // underscore
    [InlineData("geoprod-")]                                       // ends with a hyphen
    [InlineData("geo prod")]                                       // blank inside
    [InlineData("sb://geo-prod.servicebus.windows.net/")]          // a URI
    [InlineData("geo-prod.servicebus.windows.net:5671")]           // a port
    [InlineData("geo..servicebus.windows.net")]                    // an empty label
    [InlineData("-geo.servicebus.windows.net")]                    // a label starting with a hyphen
    public void FromNamespace_NotAHostName_IsRefusedNamingTheFieldAndTheRule(string text)
    {
        var e = Assert.Throws<GeoValidationException>(() => ServiceBusTarget.FromNamespace(text));

        var error = Assert.Single(e.Errors);
        Assert.Equal(("servicebus_namespace", "host_name"), (error.Field, error.Rule));
        Assert.Contains("'servicebus_namespace'", error.Message);
    }

    [Fact]
    public void FromNamespace_AConnectionString_IsRefusedWithoutEchoingIt()
    {
        var e = Assert.Throws<GeoValidationException>(() => ServiceBusTarget.FromNamespace(Sas));

        Assert.Equal("host_name", Assert.Single(e.Errors).Rule);
        Assert.Contains("connection string", e.Message);
        Assert.DoesNotContain(Key, e.Message);
    }

    [Fact]
    public void FromConnectionString_Sas_TakesTheEndpointsHostAndKeepsTheKeyOutOfItsDescription()
    {
        var target = ServiceBusTarget.FromConnectionString(Sas);

        Assert.Equal("geo-prod.servicebus.windows.net", target.Namespace);
        Assert.False(target.UsesEntraId);
        Assert.False(target.IsEmulator);
        Assert.Equal("geo-prod.servicebus.windows.net (SAS connection string)", target.ToString());
        var options = target.ToOptions();
        Assert.Equal(Sas, options.ConnectionString);
        Assert.Null(options.FullyQualifiedNamespace);
        Assert.Null(options.Credential);
    }

    [Fact]
    public void FromConnectionString_DevelopmentEmulator_IsToldApart()
    {
        var target = ServiceBusTarget.FromConnectionString($"Endpoint=sb://127.0.0.1:5672;SharedAccessKeyName=dev;SharedAccessKey={Key};UseDevelopmentEmulator=true");

        Assert.True(target.IsEmulator);
        Assert.Equal("127.0.0.1", target.Namespace);
        Assert.DoesNotContain(Key, target.ToString());
    }

    [Fact]
    public void FromConnectionString_SharedAccessSignature_IsAccepted()
    {
        var target = ServiceBusTarget.FromConnectionString("Endpoint=sb://geo-prod.servicebus.windows.net/;SharedAccessSignature=SharedAccessSignature sr=x&sig=y&se=1&skn=z");

        Assert.Equal("geo-prod.servicebus.windows.net", target.Namespace);
    }

    [Theory]
    [InlineData($"not a connection string {Key}")]                                                  // no KEY=VALUE pairs
    [InlineData($"SharedAccessKeyName=a;SharedAccessKey={Key}")]                                     // no endpoint
    [InlineData("Endpoint=sb://geo-prod.servicebus.windows.net/")]                                   // no key or signature
    [InlineData("Endpoint=sb://geo-prod.servicebus.windows.net/;SharedAccessKeyName=a")]             // a key name without its key
    [InlineData($"Endpoint=sb://geo-prod.servicebus.windows.net/;SharedAccessKey={Key}")]            // a key without its name
    public void FromConnectionString_Malformed_IsRefusedNamingTheFieldWithoutEchoingIt(string text)
    {
        var e = Assert.Throws<GeoValidationException>(() => ServiceBusTarget.FromConnectionString(text));

        var error = Assert.Single(e.Errors);
        Assert.Equal(("servicebus_connection", "format"), (error.Field, error.Rule));
        Assert.DoesNotContain(Key, e.Message);
    }

    [Fact]
    public void FromConnectionString_NamingOneQueue_IsRefused()
    {
        var e = Assert.Throws<GeoValidationException>(() => ServiceBusTarget.FromConnectionString(Sas + ";EntityPath=geo-tasks"));

        Assert.Equal(("servicebus_connection", "entity_path"), (e.Errors[0].Field, e.Errors[0].Rule));
        Assert.DoesNotContain(Key, e.Message);
    }

    [Fact]
    public void FromEnvironment_TellsAConnectionStringFromANamespace()
    {
        Assert.True(ServiceBusTarget.FromEnvironment("geo-prod").UsesEntraId);
        Assert.False(ServiceBusTarget.FromEnvironment(Sas).UsesEntraId);
    }

    [Theory]
    [InlineData("geo")]
    [InlineData("Endpoint=sb://geo-prod.servicebus.windows.net/")]
    public void FromEnvironment_Refused_NamesTheVariable(string text)
    {
        var e = Assert.Throws<GeoValidationException>(() => ServiceBusTarget.FromEnvironment(text));

        Assert.StartsWith("GEO_SERVICEBUS ", e.Message);
    }
}
