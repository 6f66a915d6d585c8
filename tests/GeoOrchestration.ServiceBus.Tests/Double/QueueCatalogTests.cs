using GeoOrchestration.ServiceBus.Double.Broker;

namespace GeoOrchestration.ServiceBus.Tests.Double;

/// <summary>The catalog's rules: names, the service's setting ranges, settings fixed at creation, counts.</summary>
public sealed class QueueCatalogTests
{
    private readonly QueueCatalog _catalog = new();

    [Fact]
    public void TryCreate_TwiceWithTheSameName_AnyCase_CreatesOnce()
    {
        Assert.True(_catalog.TryCreate("Tasks", new QueueSettings()));
        Assert.False(_catalog.TryCreate("tasks", new QueueSettings { MaxDeliveryCount = 3 }));

        Assert.Equal(10, _catalog.Find("TASKS")!.MaxDeliveryCount);
        Assert.Equal(["Tasks"], _catalog.Names);
        Assert.Throws<InvalidOperationException>(() => _catalog.CreateQueue("tasks"));
    }

    [Theory]
    [InlineData("LockDuration")]
    [InlineData("MaxDeliveryCount")]
    [InlineData("DuplicateDetectionHistoryTimeWindow")]
    public void TryCreate_OutOfRange_NamesTheField_AndCreatesNothing(string field)
    {
        var settings = field switch
        {
            "LockDuration" => new QueueSettings { LockDuration = TimeSpan.FromSeconds(1) },
            "MaxDeliveryCount" => new QueueSettings { MaxDeliveryCount = 0 },
            _ => new QueueSettings { DuplicateDetectionHistoryTimeWindow = TimeSpan.FromSeconds(5) },
        };

        var e = Assert.Throws<ArgumentException>(() => _catalog.TryCreate("q", settings));

        Assert.Equal(field, e.ParamName);
        Assert.Contains(field, e.Message);
        Assert.Null(_catalog.Find("q"));
    }

    [Theory]
    [InlineData("a?b")]
    [InlineData("/lead")]
    [InlineData("q/$deadletterqueue")]
    public void TryCreate_AnInvalidName_IsRefused(string name) =>
        Assert.Throws<ArgumentException>(() => _catalog.TryCreate(name, new QueueSettings()));

    [Fact]
    public void TryCreate_SessionsOrPartitioning_AreNotSupported()
    {
        Assert.Throws<NotSupportedException>(() => _catalog.TryCreate("s", new QueueSettings { RequiresSession = true }));
        Assert.Throws<NotSupportedException>(() => _catalog.TryCreate("p", new QueueSettings { EnablePartitioning = true }));
        Assert.Empty(_catalog.Names);
    }

    [Fact]
    public void TryUpdate_ChangesSettings_ButNotThoseFixedAtCreation()
    {
        _catalog.CreateQueue("q", new QueueSettings { RequiresDuplicateDetection = true });

        Assert.True(_catalog.TryUpdate("q", new QueueSettings { RequiresDuplicateDetection = true, MaxDeliveryCount = 3 }));
        var e = Assert.Throws<ArgumentException>(() => _catalog.TryUpdate("q", new QueueSettings { RequiresDuplicateDetection = false }));
        Assert.False(_catalog.TryUpdate("missing", new QueueSettings()));

        Assert.Equal(nameof(QueueSettings.RequiresDuplicateDetection), e.ParamName);
        Assert.Equal(3, _catalog.Find("q")!.MaxDeliveryCount);
        Assert.True(_catalog.Find("q")!.RequiresDuplicateDetection);
    }

    [Fact]
    public void Delete_RemovesTheQueue_AndCountsOfAMissingQueueAreNull()
    {
        _catalog.CreateQueue("q");

        Assert.Equal(new QueueCounts(0, 0, 0), _catalog.Counts("q"));
        Assert.True(_catalog.Delete("Q"));
        Assert.False(_catalog.Delete("q"));
        Assert.Null(_catalog.Counts("q"));
        Assert.Null(_catalog.Find("q"));
    }
}
