namespace GeoOrchestration.IntegrationTests.ServiceBusCli;

/// <summary>
/// geoorch's transport options as users meet them (issue 19, part 3), in real processes: Service Bus
/// on the embedded store is refused in one line saying PostgreSQL is required (exit 2), bad Service Bus
/// options are refused naming the field and the rule without echoing a key, and nothing is created
/// by a refused command. None of these reach Service Bus.
/// </summary>
public sealed class CliTransportOptionsTests : IDisposable
{
    private const string Key = "c2VjcmV0LWtleS1ub3QtdG8tYmUtc2hvd24=";
    private const string Sas = $"Endpoint=sb://geo-test.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey={Key}";

    private readonly string _dataHome = Directory.CreateTempSubdirectory("geoorch-transport-").FullName;

    private Dictionary<string, string?> Fresh(string? serviceBus = null) => new()
    {
        ["XDG_DATA_HOME"] = _dataHome,
        ["GEO_SERVICEBUS"] = serviceBus,
    };

    private string DataFolder => Path.Combine(_dataHome, "geoorchestration");

    public void Dispose() => Directory.Delete(_dataHome, recursive: true);

    private static void NoKeyIn(Geoorch.Result result)
    {
        Assert.DoesNotContain(Key, result.Stderr);
        Assert.DoesNotContain(Key, result.Stdout);
    }

    [Theory]
    [InlineData("worker", "--transport", "servicebus", "--servicebus-namespace", "geo-test", "--exit-when-idle", "0")]
    [InlineData("submit", "hello_world", "--servicebus-namespace", "geo-test")]
    [InlineData("run", "hello_world", "--transport", "servicebus", "--servicebus-connection", Sas)]
    public async Task ServiceBusOnTheEmbeddedStore_ExitsTwoInOneLineSayingPostgreSqlIsRequired(params string[] arguments)
    {
        var result = await Geoorch.RunAsync(arguments, Fresh());

        CliAssert.OneLineError(result, 2, "The Service Bus transport needs a PostgreSQL store", "embedded SQLite store");
        NoKeyIn(result);
        Assert.False(Directory.Exists(DataFolder), "a refused command created the embedded store");
    }

    [Fact]
    public async Task GeoServiceBusOnTheEmbeddedStore_IsRefusedNamingTheVariable_AndJsonGivesTheFieldAndRule()
    {
        var result = await Geoorch.RunAsync(["run", "hello_world", "--output", "json"], Fresh(serviceBus: Sas));

        CliAssert.OneLineError(result, 2, "chosen by GEO_SERVICEBUS", "needs a PostgreSQL store");
        var error = result.Json["error"]!;
        Assert.Equal("validation", error["category"]!.GetValue<string>());
        Assert.Equal("transport", error["fields"]![0]!["field"]!.GetValue<string>());
        Assert.Equal("requires_postgresql", error["fields"]![0]!["rule"]!.GetValue<string>());
        NoKeyIn(result);
        Assert.False(Directory.Exists(DataFolder));
    }

    [Fact]
    public async Task TransportDatabase_OverridesGeoServiceBus_AndRunsOnTheEmbeddedStore()
    {
        var result = await Geoorch.RunAsync(["run", "hello_world", "--transport", "database", "--output", "json"], Fresh(serviceBus: "geo-test"));

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal("completed", result.Json["status"]!.GetValue<string>());
    }

    public static TheoryData<string[], string, string> BadOptions => new()
    {
        { ["--servicebus-namespace", "geo-test", "--servicebus-connection", Sas], "servicebus_connection", "exclusive" },
        { ["--servicebus-connection", $"Endpoint=sb://geo-test.servicebus.windows.net/;SharedAccessKey={Key}"], "servicebus_connection", "format" },
        { ["--servicebus-connection", Sas + ";EntityPath=geo-tasks"], "servicebus_connection", "entity_path" },
        { ["--servicebus-namespace", "sb://geo-test.servicebus.windows.net"], "servicebus_namespace", "host_name" },
        { ["--transport", "servicebus"], "servicebus_namespace", "required" },
        { ["--transport", "database", "--servicebus-namespace", "geo-test"], "servicebus_namespace", "not_applicable" },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public async Task Worker_BadServiceBusOptions_ExitTwoNamingTheFieldAndRule(string[] options, string field, string rule)
    {
        var result = await Geoorch.RunAsync(["worker", "--exit-when-idle", "0", "--output", "json", .. options], Fresh());

        CliAssert.OneLineError(result, 2, $"'{field}'");
        var error = result.Json["error"]!["fields"]![0]!;
        Assert.Equal((field, rule), (error["field"]!.GetValue<string>(), error["rule"]!.GetValue<string>()));
        NoKeyIn(result);
        Assert.False(Directory.Exists(DataFolder));
    }

    [Fact]
    public async Task Transport_UnknownName_IsAUsageError()
    {
        var result = await Geoorch.RunAsync(["submit", "hello_world", "--transport", "kafka"], Fresh());

        CliAssert.OneLineError(result, 2, "'--transport' must be one of database, servicebus");
    }

    [Theory]
    [InlineData("deploy", "--what-if")]
    [InlineData("dead-letters")]
    public async Task ServiceBusCommands_WithoutANamespace_ExitTwoNamingWhereOneComesFrom(params string[] arguments)
    {
        var result = await Geoorch.RunAsync(["servicebus", .. arguments], Fresh());

        CliAssert.OneLineError(result, 2, "needs a namespace", "GEO_SERVICEBUS");
    }
}
