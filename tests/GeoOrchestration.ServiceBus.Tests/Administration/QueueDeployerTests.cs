using System.Net;
using System.Net.Sockets;
using GeoOrchestration.Errors;
using GeoOrchestration.ServiceBus.Administration;
using GeoOrchestration.ServiceBus.Double;
using GeoOrchestration.ServiceBus.Double.Admin;
using GeoOrchestration.ServiceBus.Double.Broker;

namespace GeoOrchestration.ServiceBus.Tests.Administration;

/// <summary>ServiceBusQueueDeployer through the real administration client against the double's administration endpoint.</summary>
public sealed class QueueDeployerTests : IAsyncLifetime
{
    private const string Key = "deployer-test-key";
    private ServiceBusDouble server = null!;
    private IQueueCatalog catalog = null!;
    private ServiceBusTransportOptions transport = null!;

    public async Task InitializeAsync()
    {
        server = await ServiceBusDouble.StartAsync(new ServiceBusDoubleOptions { SharedAccessKey = Key });
        catalog = server.Queues;
        transport = new ServiceBusTransportOptions { ConnectionString = server.AdministrationConnectionString, ControlQueue = "geo-control", TaskQueue = "geo-tasks" };
    }

    public async Task DisposeAsync() => await server.DisposeAsync();

    [Fact]
    public async Task Deploy_CreatesBothQueues_WithTheTransportsSettings()
    {
        var result = await ServiceBusQueueDeployer.DeployAsync(transport, new QueueDeployOptions(), CancellationToken.None);

        foreach (var queue in new[] { "geo-control", "geo-tasks" })
        {
            var s = catalog.Find(queue)!;
            Assert.Equal(TimeSpan.FromSeconds(60), s.LockDuration);
            Assert.Equal(10, s.MaxDeliveryCount);
            Assert.True(s.RequiresDuplicateDetection);
            Assert.Equal(TimeSpan.FromMinutes(10), s.DuplicateDetectionHistoryTimeWindow);
            Assert.True(s.DeadLetteringOnMessageExpiration);
            Assert.False(s.RequiresSession);
            Assert.False(s.EnablePartitioning);
            Assert.Contains(result.Changes, c => c.Queue == queue && c.Setting == "queue" && c.Action == QueueChangeAction.Create);
        }
        Assert.All(result.Changes, c => Assert.Equal(QueueChangeAction.Create, c.Action));
        Assert.Equal(["geo-control", "geo-tasks"], result.Changes.Select(c => c.Queue).Distinct());
    }

    [Fact]
    public async Task Deploy_Again_ReportsNoChange()
    {
        await ServiceBusQueueDeployer.DeployAsync(transport, new QueueDeployOptions(), CancellationToken.None);

        var second = await ServiceBusQueueDeployer.DeployAsync(transport, new QueueDeployOptions(), CancellationToken.None);

        Assert.NotEmpty(second.Changes);
        Assert.All(second.Changes, c => Assert.Equal(QueueChangeAction.None, c.Action));
        Assert.All(second.Changes, c => Assert.Equal(c.Wanted, c.Current));
    }

    [Fact]
    public async Task Deploy_WithAChangedLockDuration_UpdatesOnlyThat_AndKeepsTheRest()
    {
        await ServiceBusQueueDeployer.DeployAsync(transport, new QueueDeployOptions(), CancellationToken.None);
        catalog.TryUpdate("geo-tasks", catalog.Find("geo-tasks")! with { MaxSizeInMegabytes = 2048 });

        var result = await ServiceBusQueueDeployer.DeployAsync(transport, new QueueDeployOptions { LockDuration = TimeSpan.FromSeconds(30) }, CancellationToken.None);

        var updated = Assert.Single(result.Changes, c => c.Action != QueueChangeAction.None && c.Queue == "geo-tasks");
        Assert.Equal(("LockDuration", "PT1M", "PT30S"), (updated.Setting, updated.Current, updated.Wanted));
        Assert.Equal(QueueChangeAction.Update, updated.Action);
        Assert.Equal(TimeSpan.FromSeconds(30), catalog.Find("geo-tasks")!.LockDuration);
        Assert.Equal(TimeSpan.FromSeconds(30), catalog.Find("geo-control")!.LockDuration);
        Assert.Equal(2048, catalog.Find("geo-tasks")!.MaxSizeInMegabytes);
    }

    [Fact]
    public async Task WhatIf_OnAnEmptyNamespace_ReportsTheCreates_AndCreatesNothing()
    {
        var result = await ServiceBusQueueDeployer.DeployAsync(transport, new QueueDeployOptions { WhatIf = true }, CancellationToken.None);

        Assert.Contains(result.Changes, c => c.Queue == "geo-tasks" && c.Setting == "queue" && c.Action == QueueChangeAction.Create);
        Assert.Empty(catalog.Names);
    }

    [Fact]
    public async Task WhatIf_OnADifferentQueue_ReportsTheUpdate_AndChangesNothing()
    {
        await ServiceBusQueueDeployer.DeployAsync(transport, new QueueDeployOptions(), CancellationToken.None);

        var result = await ServiceBusQueueDeployer.DeployAsync(transport, new QueueDeployOptions { WhatIf = true, MaxDeliveryCount = 3 }, CancellationToken.None);

        Assert.Contains(result.Changes, c => c.Queue == "geo-tasks" && c.Setting == "MaxDeliveryCount" && c.Action == QueueChangeAction.Update && c.Wanted == "3");
        Assert.Equal(10, catalog.Find("geo-tasks")!.MaxDeliveryCount);
        Assert.Equal(10, catalog.Find("geo-control")!.MaxDeliveryCount);
    }

    [Fact]
    public async Task Deploy_OverAQueueWithoutDuplicateDetection_IsAConfigurationErrorNamingIt_AndChangesNothing()
    {
        catalog.TryCreate("geo-tasks", new QueueSettings { RequiresDuplicateDetection = false, MaxDeliveryCount = 4 });

        var ex = await Assert.ThrowsAsync<GeoConfigurationException>(() =>
            ServiceBusQueueDeployer.DeployAsync(transport, new QueueDeployOptions(), CancellationToken.None));

        Assert.Contains("'geo-tasks'", ex.Message);
        Assert.Contains("RequiresDuplicateDetection", ex.Message);
        Assert.Null(catalog.Find("geo-control"));
        Assert.Equal(4, catalog.Find("geo-tasks")!.MaxDeliveryCount);
    }

    [Theory]
    [InlineData("RequiresSession")]
    [InlineData("EnablePartitioning")]
    public async Task Deploy_OverASessionOrPartitionedQueue_IsAConfigurationErrorNamingIt_AndChangesNothing(string setting)
    {
        // The double refuses to hold such a queue, a real namespace may have one: a catalog of settings stands in for it.
        var foreign = new SettingsOnlyCatalog();
        foreign.TryCreate("geo-tasks", new QueueSettings
        {
            RequiresDuplicateDetection = true,
            RequiresSession = setting == "RequiresSession",
            EnablePartitioning = setting == "EnablePartitioning",
            MaxDeliveryCount = 4,
        });
        await using var admin = await AdministrationServer.StartAsync(foreign, new ServiceBusDoubleOptions { SharedAccessKey = Key }, TimeProvider.System);

        var ex = await Assert.ThrowsAsync<GeoConfigurationException>(() =>
            ServiceBusQueueDeployer.DeployAsync(transport with { ConnectionString = admin.ConnectionString }, new QueueDeployOptions(), CancellationToken.None));

        Assert.Contains("'geo-tasks'", ex.Message);
        Assert.Contains(setting, ex.Message);
        Assert.Null(foreign.Find("geo-control"));
        Assert.Equal(4, foreign.Find("geo-tasks")!.MaxDeliveryCount);
    }

    [Fact]
    public async Task Deploy_WithAWrongKey_IsAConfigurationErrorNamingNamespaceAndIdentity_WithoutTheKey()
    {
        var wrong = transport with { ConnectionString = server.AdministrationConnectionString.Replace(Key, "a-wrong-secret") };

        var ex = await Assert.ThrowsAsync<GeoConfigurationException>(() =>
            ServiceBusQueueDeployer.DeployAsync(wrong, new QueueDeployOptions(), CancellationToken.None));

        Assert.Equal(ServiceBusErrorMap.AccessDeniedId, ex.ErrorId);
        Assert.Contains($"127.0.0.1:{server.AdministrationPort}", ex.Message);
        Assert.Contains("RootManageSharedAccessKey", ex.Message);
        Assert.DoesNotContain("a-wrong-secret", ex.Message);
        Assert.Empty(catalog.Names);
    }

    [Fact]
    public async Task Deploy_ToAnEndpointNobodyListensOn_IsUnavailable()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var nobody = transport with { ConnectionString = $"Endpoint=sb://127.0.0.1:{port};SharedAccessKeyName=k;SharedAccessKey=secret-value;UseDevelopmentEmulator=true" };

        var ex = await Assert.ThrowsAsync<GeoTransportUnavailableException>(() =>
            ServiceBusQueueDeployer.DeployAsync(nobody, new QueueDeployOptions(), CancellationToken.None));

        Assert.Equal(GeoErrorCategory.Unavailable, ex.Category);
        Assert.Contains($"127.0.0.1:{port}", ex.Message);
        Assert.DoesNotContain("secret-value", ex.Message);
    }

    [Fact]
    public async Task Deploy_WithSettingsOutsideTheServicesRanges_IsRefusedNamingEach_AndCreatesNothing()
    {
        var ex = await Assert.ThrowsAsync<GeoValidationException>(() => ServiceBusQueueDeployer.DeployAsync(transport,
            new QueueDeployOptions { LockDuration = TimeSpan.FromSeconds(1), MaxDeliveryCount = 0, DuplicateDetectionWindow = TimeSpan.FromDays(8) },
            CancellationToken.None));

        Assert.Equal(["LockDuration", "MaxDeliveryCount", "DuplicateDetectionWindow"], ex.Errors.Select(e => e.Field));
        Assert.Empty(catalog.Names);
    }

    [Theory]
    [InlineData("geo?tasks", "geo-control", "task_queue")]
    [InlineData("geo-tasks", "/geo-control", "control_queue")]
    [InlineData("geo-tasks", "GEO-TASKS", "task_queue")]
    public async Task Deploy_WithABadOrSharedQueueName_IsRefusedNamingTheField_AndCreatesNothing(string tasks, string control, string field)
    {
        var ex = await Assert.ThrowsAsync<GeoValidationException>(() => ServiceBusQueueDeployer.DeployAsync(
            transport with { TaskQueue = tasks, ControlQueue = control }, new QueueDeployOptions(), CancellationToken.None));

        Assert.Equal(field, Assert.Single(ex.Errors).Field);
        Assert.Empty(catalog.Names);
    }

    [Fact]
    public async Task Deploy_WithNeitherNamespaceNorConnection_IsAConfigurationError()
    {
        await Assert.ThrowsAsync<GeoConfigurationException>(() =>
            ServiceBusQueueDeployer.DeployAsync(new ServiceBusTransportOptions(), new QueueDeployOptions(), CancellationToken.None));
    }

    [Fact]
    public async Task Deploy_UsesTheAdministrationConnectionString_WhenGiven()
    {
        var amqpOnly = transport with { ConnectionString = server.ConnectionString };

        await ServiceBusQueueDeployer.DeployAsync(amqpOnly, new QueueDeployOptions { AdministrationConnectionString = server.AdministrationConnectionString }, CancellationToken.None);

        Assert.Equal(["geo-control", "geo-tasks"], catalog.Names);
    }

    [Fact]
    public async Task Deploy_WithACredentialThatGetsNoToken_IsAConfigurationErrorNamingIt()
    {
        var entra = new ServiceBusTransportOptions { FullyQualifiedNamespace = "geo-test", Credential = new NoTokenCredential() };

        var ex = await Assert.ThrowsAsync<GeoConfigurationException>(() =>
            ServiceBusQueueDeployer.DeployAsync(entra, new QueueDeployOptions(), CancellationToken.None));

        Assert.Contains("NoTokenCredential", ex.Message);
        Assert.Contains("geo-test.servicebus.windows.net", ex.Message);
    }

    /// <summary>A credential with no identity to offer, as a managed identity credential off Azure.</summary>
    private sealed class NoTokenCredential : Azure.Core.TokenCredential
    {
        public override Azure.Core.AccessToken GetToken(Azure.Core.TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            throw new Azure.Identity.CredentialUnavailableException("No managed identity endpoint here.");

        public override ValueTask<Azure.Core.AccessToken> GetTokenAsync(Azure.Core.TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            throw new Azure.Identity.CredentialUnavailableException("No managed identity endpoint here.");
    }
}
