using GeoOrchestration.Errors;
using GeoOrchestration.IntegrationTests.Infrastructure;
using GeoOrchestration.ServiceBus;
using GeoOrchestration.Sqlite;

namespace GeoOrchestration.IntegrationTests.ServiceBus;

/// <summary>
/// A setup the transport cannot work with is a configuration error when the worker starts, in one line
/// naming the queue or the identity (never the key), not a crash loop; the embedded store is refused at once.
/// </summary>
public sealed class ServiceBusConfigurationTests(SchemaFixture fixture) : IClassFixture<SchemaFixture>
{
    [Fact]
    public async Task WorkerStart_WithAMissingQueue_IsAConfigurationErrorNamingIt()
    {
        await using var rig = await ServiceBusRig.StartAsync(fixture, createQueues: false);
        rig.Double.Queues.TryCreate(rig.Options.ControlQueue, ServiceBusRig.Queue());
        var worker = rig.NewWorker();

        // A worker that started anyway would run until stopped: stop it after a bound, so the test fails rather than hangs.
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var error = await Assert.ThrowsAsync<GeoConfigurationException>(() => worker.RunAsync(bound.Token));

        Assert.Equal(ServiceBusErrorMap.QueueNotFoundId, error.ErrorId);
        Assert.Contains($"'{rig.Options.TaskQueue}'", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task WorkerStart_WithAKeyTheNamespaceRefuses_IsAConfigurationErrorNamingTheIdentityNotTheKey()
    {
        const string wrongKey = "bm90LXRoZS1yaWdodC1rZXk=";
        await using var rig = await ServiceBusRig.StartAsync(fixture, configure: o => o with
        {
            ConnectionString = o.ConnectionString!.Replace($"SharedAccessKey={"double-key"}", $"SharedAccessKey={wrongKey}"),
        });
        Assert.Contains(wrongKey, rig.Options.ConnectionString);
        var worker = rig.NewWorker();

        // A worker that started anyway would run until stopped: stop it after a bound, so the test fails rather than hangs.
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var error = await Assert.ThrowsAsync<GeoConfigurationException>(() => worker.RunAsync(bound.Token));

        Assert.Equal(ServiceBusErrorMap.AccessDeniedId, error.ErrorId);
        Assert.Contains("'RootManageSharedAccessKey'", error.Message);
        Assert.DoesNotContain('\n', error.Message);
        Assert.DoesNotContain(wrongKey, error.Message);
        Assert.DoesNotContain(wrongKey, rig.Logs.ToString());
    }

    [Fact]
    public async Task Create_OverTheEmbeddedStore_IsRefusedWithAClearMessage()
    {
        var path = Path.Combine(Path.GetTempPath(), $"geoorch-sb-{Guid.NewGuid():N}.db");
        await using var store = new SqliteStore(new SqliteStoreOptions { Path = path });

        var error = Assert.Throws<GeoConfigurationException>(() => ServiceBusTransport.Create(
            new ServiceBusTransportOptions { ConnectionString = "Endpoint=sb://127.0.0.1:1;SharedAccessKeyName=k;SharedAccessKey=s;UseDevelopmentEmulator=true" }, store));

        Assert.Equal("ServiceBusNeedsPostgres", error.ErrorId);
        Assert.Contains("PostgreSQL", error.Message);
        Assert.False(File.Exists(path), "refusing the transport touched the embedded store");
    }
}
