using GeoOrchestration.IntegrationTests.Infrastructure;

namespace GeoOrchestration.IntegrationTests.Fixture;

/// <summary>
/// Which PostgreSQL the tests take in each environment (<see cref="PostgresPathChooser"/>): explicit
/// settings win, then an engine that answers, then the binaries; under CI an installed Docker whose
/// engine does not answer fails rather than falling back.
/// </summary>
public sealed class PostgresPathChooserTests
{
    private const string Connection = "Host=db.example;Username=geo";

    private static Func<bool> Answers(bool value) => () => value;

    // For facts the choice must not need: asking them (running docker) would be a wasted probe, or a wrong reason.
    private static bool NotAsked() => throw new Xunit.Sdk.XunitException("the chooser probed a fact it does not need");

    private static PostgresEnvironment Facts(string? connection = null, string? mode = null, bool ci = false,
        Func<bool>? engine = null, Func<bool>? installed = null) =>
        new(connection, mode, ci, engine ?? NotAsked, installed ?? NotAsked);

    [Fact]
    public void Auto_GivenConnection_WinsWithoutProbingTheEngine() =>
        Assert.Equal(PostgresPath.Given, PostgresPathChooser.ChooseShared(Facts(Connection)));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("auto")]
    [InlineData(" AUTO ")]
    public void Auto_EngineAnswers_Testcontainers(string? mode) =>
        Assert.Equal(PostgresPath.Testcontainers, PostgresPathChooser.ChooseShared(Facts(mode: mode, engine: Answers(true))));

    [Theory]
    [InlineData(false, true)]  // a developer's machine with Docker stopped: the binaries, quietly
    [InlineData(false, false)]
    [InlineData(true, false)]  // CI on a machine without Docker at all
    public void Auto_NoEngine_Binaries(bool ci, bool dockerInstalled) =>
        Assert.Equal(PostgresPath.Binaries, PostgresPathChooser.ChooseShared(Facts(ci: ci, engine: Answers(false), installed: Answers(dockerInstalled))));

    [Fact]
    public void Auto_UnderCiWithDockerInstalledButNoEngine_FailsSayingHowToChooseTheBinaries()
    {
        var e = Assert.Throws<InvalidOperationException>(() =>
            PostgresPathChooser.ChooseShared(Facts(ci: true, engine: Answers(false), installed: Answers(true))));
        Assert.Contains("CI=true", e.Message);
        Assert.Contains("tools/docker-engine.sh start", e.Message);
        Assert.Contains("GEO_TEST_PG_MODE=binaries", e.Message);
    }

    [Theory]
    [InlineData(true, PostgresPath.Testcontainers)]
    [InlineData(false, PostgresPath.Binaries)]
    public void Private_GivenConnection_CannotGiveOne_EngineOrBinariesDo(bool engine, PostgresPath expected) =>
        Assert.Equal(expected, PostgresPathChooser.ChoosePrivate(Facts(Connection, engine: Answers(engine), installed: Answers(false))));

    [Fact]
    public void ForcedTestcontainers_EngineAnswers_Testcontainers() =>
        Assert.Equal(PostgresPath.Testcontainers, PostgresPathChooser.ChooseShared(Facts(mode: "testcontainers", engine: Answers(true))));

    [Fact]
    public void ForcedTestcontainers_NoEngine_FailsRatherThanFallingBack()
    {
        var e = Assert.Throws<InvalidOperationException>(() =>
            PostgresPathChooser.ChooseShared(Facts(mode: "testcontainers", engine: Answers(false), installed: Answers(false))));
        Assert.Contains("GEO_TEST_PG_MODE=testcontainers", e.Message);
        Assert.Contains("no Docker engine answers", e.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ForcedBinaries_EvenUnderCi_BinariesWithoutProbing(bool ci)
    {
        Assert.Equal(PostgresPath.Binaries, PostgresPathChooser.ChooseShared(Facts(mode: "binaries", ci: ci)));
        Assert.Equal(PostgresPath.Binaries, PostgresPathChooser.ChoosePrivate(Facts(Connection, mode: "binaries", ci: ci)));
    }

    [Fact]
    public void ForcedGiven_NeedsTheConnection()
    {
        Assert.Equal(PostgresPath.Given, PostgresPathChooser.ChooseShared(Facts(Connection, mode: "given")));
        var e = Assert.Throws<InvalidOperationException>(() => PostgresPathChooser.ChooseShared(Facts(mode: "given")));
        Assert.Contains("GEO_TEST_PG_MODE=given needs GEO_TEST_PG", e.Message);
    }

    [Fact]
    public void ForcedGiven_ForAServerOfTheTestsOwn_Fails()
    {
        var e = Assert.Throws<InvalidOperationException>(() => PostgresPathChooser.ChoosePrivate(Facts(Connection, mode: "given")));
        Assert.Contains("a PostgreSQL server of its own", e.Message);
    }

    [Theory]
    [InlineData("testcontainers")]
    [InlineData("binaries")]
    public void ForcedPath_BesideGivenConnection_IsAContradiction(string mode)
    {
        var e = Assert.Throws<InvalidOperationException>(() => PostgresPathChooser.ChooseShared(Facts(Connection, mode: mode)));
        Assert.Contains("unset one of them", e.Message);
    }

    [Fact]
    public void UnknownMode_FailsNamingTheVariableAndTheModes()
    {
        var e = Assert.Throws<InvalidOperationException>(() => PostgresPathChooser.ChooseShared(Facts(mode: "docker")));
        Assert.Contains("GEO_TEST_PG_MODE='docker' is not a mode", e.Message);
        Assert.Contains("auto (the default), given, testcontainers or binaries", e.Message);
    }
}
