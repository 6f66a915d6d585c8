using Xunit.Abstractions;
using Xunit.Sdk;

namespace GeoOrchestration.IntegrationTests.Infrastructure;

/// <summary>
/// Lines for the run's output, outside any one test (e.g. which PostgreSQL the tests use), as xunit
/// diagnostic messages: xunit.runner.json turns them on, and dotnet test prints them
/// ("[xUnit.net 00:00:09.36] GeoOrchestration.IntegrationTests: ..."). Console output of a test
/// process does not reach dotnet test's output. The sink is set by the assembly's test framework
/// (<c>AnnouncingTestFramework</c>); without one the lines are dropped.
/// </summary>
internal static class TestRunMessages
{
    public static IMessageSink? Sink { get; set; }

    public static void Announce(string line) => Sink?.OnMessage(new DiagnosticMessage(line));
}
