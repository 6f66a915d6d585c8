using GeoOrchestration.Errors;

namespace GeoOrchestration.ServiceBus.Tests.Transport;

public sealed class ServiceBusTransportOptionsTests
{
    private const string Connection = "Endpoint=sb://127.0.0.1:5673;SharedAccessKeyName=k;SharedAccessKey=s;UseDevelopmentEmulator=true";

    [Fact]
    public void Validate_NeitherNamespaceNorConnection_IsAConfigurationError() =>
        Assert.Contains("namespace", Assert.Throws<GeoConfigurationException>(() => ServiceBusTransportOptionsRules.Validate(new ServiceBusTransportOptions())).Message);

    [Fact]
    public void Validate_Both_IsAConfigurationError() =>
        Assert.Contains("not both", Assert.Throws<GeoConfigurationException>(() => ServiceBusTransportOptionsRules.Validate(
            new ServiceBusTransportOptions { ConnectionString = Connection, FullyQualifiedNamespace = "geo" })).Message);

    [Fact]
    public void Validate_ANamespaceWithoutCredential_NamesTheNamespace() =>
        Assert.Contains("'geo-prod'", Assert.Throws<GeoConfigurationException>(() => ServiceBusTransportOptionsRules.Validate(
            new ServiceBusTransportOptions { FullyQualifiedNamespace = "geo-prod" })).Message);

    [Fact]
    public void Validate_OutOfRangeSettings_NameEveryFieldAtOnce()
    {
        var error = Assert.Throws<GeoValidationException>(() => ServiceBusTransportOptionsRules.Validate(new ServiceBusTransportOptions
        {
            ConnectionString = Connection,
            TaskQueue = "GEO-CONTROL",
            PrefetchCount = 101,
            ReceiveBuffer = 0,
            StrandedAfter = TimeSpan.FromSeconds(1),
        }));
        Assert.Equal(["task_queue", "prefetch_count", "receive_buffer", "stranded_after"], error.Errors.Select(e => e.Field));
    }

    [Fact]
    public void Validate_TheDefaultsWithAConnection_Pass() =>
        ServiceBusTransportOptionsRules.Validate(new ServiceBusTransportOptions { ConnectionString = Connection });

    [Theory]
    [InlineData("geo-prod", "geo-prod.servicebus.windows.net")]
    [InlineData("geo-prod.servicebus.windows.net", "geo-prod.servicebus.windows.net")]
    [InlineData("localhost:5672", "localhost:5672")]
    public void QualifyNamespace_ABareNameGetsTheServiceSuffix(string given, string expected) =>
        Assert.Equal(expected, ServiceBusTransportOptions.QualifyNamespace(given));
}
