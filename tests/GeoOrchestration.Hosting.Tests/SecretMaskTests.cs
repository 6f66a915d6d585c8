namespace GeoOrchestration.Hosting.Tests;

/// <summary>The secrets a connection setting may hold are masked in text about to be shown; the rest is left as it was.</summary>
public sealed class SecretMaskTests
{
    [Theory]
    [InlineData("Host=db;Username=geo;Password=s3cr3t;Database=geo", "Host=db;Username=geo;Password=*****;Database=geo")]
    [InlineData("host=db;PWD=s3cr3t", "host=db;PWD=*****")]
    [InlineData("Host=db;password = \"s3;cr3t\";Database=geo", "Host=db;password = *****;Database=geo")]
    [InlineData("Host=db;Password=two words", "Host=db;Password=*****")]
    [InlineData("Unrecognized command or argument 'Host=db;Password=s3cr3t'.", "Unrecognized command or argument 'Host=db;Password=*****")]
    [InlineData("Endpoint=sb://ns/;SharedAccessKeyName=Root;SharedAccessKey=a+b/c=;EntityPath=q", "Endpoint=sb://ns/;SharedAccessKeyName=Root;SharedAccessKey=*****;EntityPath=q")]
    [InlineData("Endpoint=sb://ns/;SharedAccessSignature=SharedAccessSignature sr=x&sig=abc&se=1", "Endpoint=sb://ns/;SharedAccessSignature=*****")]
    [InlineData("https://ns/q?sr=x&sig=abc%2F&se=1", "https://ns/q?sr=x&sig=*****&se=1")]
    [InlineData("DefaultEndpointsProtocol=https;AccountName=a;AccountKey=k==;", "DefaultEndpointsProtocol=https;AccountName=a;AccountKey=*****;")]
    [InlineData("postgresql://geo:s3cr3t@db:5432/geo", "postgresql://geo:*****@db:5432/geo")]
    public void Apply_Secret_IsMasked(string text, string expected)
    {
        Assert.Equal(expected, SecretMask.Apply(text));
    }

    [Theory]
    [InlineData("Host=db;Username=geo;Database=geo")]
    [InlineData("'credential' must be one of default, managed-identity, workload-identity; got 'msi'.")]
    [InlineData("postgresql://geo@db:5432/geo, schema geo")]
    [InlineData("")]
    public void Apply_NoSecret_LeavesTheTextAsItWas(string text)
    {
        Assert.Equal(text, SecretMask.Apply(text));
    }
}
