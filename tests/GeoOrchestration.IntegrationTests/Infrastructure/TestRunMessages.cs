using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: Xunit.TestFramework("GeoOrchestration.IntegrationTests.Infrastructure.AnnouncingTestFramework", "GeoOrchestration.IntegrationTests")]

namespace GeoOrchestration.IntegrationTests.Infrastructure;

/// <summary>xunit's own test framework, keeping the run's diagnostic message sink for <see cref="TestRunMessages"/>.</summary>
public sealed class AnnouncingTestFramework : XunitTestFramework
{
    public AnnouncingTestFramework(IMessageSink messageSink) : base(messageSink) => TestRunMessages.Sink = messageSink;
}

/// <summary>
/// Lines for the run's output, outside any one test (e.g. which PostgreSQL the tests use), as xunit
/// diagnostic messages: xunit.runner.json turns them on, and dotnet test prints them
/// ("[xUnit.net 00:00:09.36] GeoOrchestration.IntegrationTests: ..."). Console output of a test
/// process does not reach dotnet test's output.
/// </summary>
internal static class TestRunMessages
{
    public static IMessageSink? Sink { get; set; }

    public static void Announce(string line)
    {
        Sink?.OnMessage(new DiagnosticMessage(line));
    }
}
