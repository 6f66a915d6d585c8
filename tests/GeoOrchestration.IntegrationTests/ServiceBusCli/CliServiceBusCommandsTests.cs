using Azure.Messaging.ServiceBus;
using GeoOrchestration.ServiceBus.Double;
using GeoOrchestration.ServiceBus.Double.Broker;

namespace GeoOrchestration.IntegrationTests.ServiceBusCli;

/// <summary>
/// <c>geoorch servicebus deploy [--what-if]</c> and <c>geoorch servicebus dead-letters</c> as real processes
/// against the Service Bus double (issue 19, part 3): what-if lists each setting and creates nothing, the deploy
/// creates the queues, dead-lettered messages are listed and left where they are; the SAS key is never printed.
/// </summary>
public sealed class CliServiceBusCommandsTests : IAsyncLifetime
{
    private static readonly string Key = "k" + Guid.NewGuid().ToString("N");
    private ServiceBusDouble _double = null!;

    public async Task InitializeAsync() => _double = await ServiceBusDouble.StartAsync(new ServiceBusDoubleOptions { SharedAccessKey = Key });

    public async Task DisposeAsync() => await _double.DisposeAsync();

    private Task<Geoorch.Result> RunAsync(params string[] arguments) => Geoorch.RunAsync(arguments, timeout: TimeSpan.FromSeconds(90));

    private string[] Target => ["--servicebus-connection", _double.ConnectionString, "--servicebus-admin-connection", _double.AdministrationConnectionString];

    private static void NoKeyIn(Geoorch.Result result)
    {
        Assert.DoesNotContain(Key, result.Stdout);
        Assert.DoesNotContain(Key, result.Stderr);
    }

    [Fact]
    public async Task Deploy_WhatIf_ListsTheQueuesItWouldCreate_AndCreatesNothing()
    {
        var result = await RunAsync(["servicebus", "deploy", "--what-if", "--output", "json", .. Target]);

        Assert.True(result.ExitCode == 0, result.Stderr);
        NoKeyIn(result);
        Assert.True(result.Json["whatIf"]!.GetValue<bool>());
        var changes = result.Json["changes"]!.AsArray();
        Assert.Equal(["geo-control", "geo-tasks"], changes.Select(c => c!["queue"]!.GetValue<string>()).Distinct());
        Assert.All(changes, c => Assert.Equal("create", c!["action"]!.GetValue<string>()));
        Assert.Contains(changes, c => c!["setting"]!.GetValue<string>() == "LockDuration" && c["current"] is null);
        Assert.Empty(_double.Queues.Names);
    }

    [Fact]
    public async Task Deploy_CreatesTheQueues_ThenWhatIfHasNothingToChange_InATable()
    {
        var deploy = await RunAsync(["servicebus", "deploy", .. Target]);
        var again = await RunAsync(["servicebus", "deploy", "--what-if", .. Target]);

        Assert.True(deploy.ExitCode == 0, deploy.Stderr);
        Assert.Equal(["geo-control", "geo-tasks"], _double.Queues.Names);
        Assert.True(_double.Queues.Find("geo-tasks")!.RequiresDuplicateDetection);
        Assert.True(again.ExitCode == 0, again.Stderr);
        var lines = again.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^QUEUE\s+SETTING\s+CURRENT\s+WANTED\s+ACTION$", lines[1]);
        Assert.All(lines[2..^1], line => Assert.EndsWith(" none", line));
        Assert.Equal("0 change(s) would be made (what-if: nothing changed).", lines[^1]);
        NoKeyIn(deploy);
        NoKeyIn(again);
    }

    [Fact]
    public async Task Deploy_ThroughGeoServiceBus_NeedsNoOption()
    {
        var result = await Geoorch.RunAsync(["servicebus", "deploy", "--what-if", "--servicebus-admin-connection", _double.AdministrationConnectionString],
            new Dictionary<string, string?> { ["GEO_SERVICEBUS"] = _double.ConnectionString }, TimeSpan.FromSeconds(90));

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("create", result.Stdout);
        NoKeyIn(result);
    }

    [Fact]
    public async Task DeadLetters_ListsEachMessageWithItsReason_AndLeavesThemThere()
    {
        _double.Queues.CreateQueue("geo-control", new QueueSettings { MaxDeliveryCount = 1 });
        _double.Queues.CreateQueue("geo-tasks", new QueueSettings { MaxDeliveryCount = 1 });
        await DeadLetterAsync("geo-tasks", "not-an-attempt-1");

        var json = await RunAsync("servicebus", "dead-letters", "--servicebus-connection", _double.ConnectionString, "--output", "json");
        var table = await RunAsync("servicebus", "dead-letters", "--servicebus-connection", _double.ConnectionString);

        Assert.True(json.ExitCode == 0, json.Stderr);
        var message = Assert.Single(json.Json.AsArray())!;
        Assert.Equal("geo-tasks", message["queue"]!.GetValue<string>());
        Assert.Equal("not-an-attempt-1", message["messageId"]!.GetValue<string>());
        Assert.Equal("MaxDeliveryCountExceeded", message["reason"]!.GetValue<string>());
        Assert.Null(message["attempt"]);
        Assert.True(table.ExitCode == 0, table.Stderr);
        Assert.Matches(@"geo-tasks\s+not-an-attempt-1\s+\(not ours\)\s+1\s", table.Stdout);
        Assert.Contains("MaxDeliveryCountExceeded", table.Stdout);
        Assert.Equal(1, _double.Queues.Counts("geo-tasks")!.DeadLettered);
        NoKeyIn(json);
        NoKeyIn(table);
    }

    [Fact]
    public async Task DeadLetters_LimitOutOfRange_ExitsTwoNamingIt()
    {
        var result = await RunAsync("servicebus", "dead-letters", "--servicebus-connection", _double.ConnectionString, "--limit", "0");

        CliAssert.OneLineError(result, 2, "'--limit' must be between 1 and 1000");
    }

    private async Task DeadLetterAsync(string queue, string id)
    {
        await using var client = new ServiceBusClient(_double.ConnectionString);
        await using var sender = client.CreateSender(queue);
        await using var receiver = client.CreateReceiver(queue, new ServiceBusReceiverOptions { PrefetchCount = 0 });
        await sender.SendMessageAsync(new ServiceBusMessage("not an attempt") { MessageId = id });
        var got = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(id, got?.MessageId);
        // One delivery allowed: abandoning it dead-letters it (MaxDeliveryCountExceeded).
        await receiver.AbandonMessageAsync(got);
    }
}
