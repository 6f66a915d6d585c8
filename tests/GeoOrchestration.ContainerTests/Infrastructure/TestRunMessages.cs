using Xunit.Abstractions;
using Xunit.Sdk;

// The linked PostgreSQL fixture announces its path through this class. The integration tests' own
// copy (Infrastructure/TestRunMessages.cs there) also declares their assembly's test framework,
// which this assembly cannot load, so it is not linked: this one takes the sink from ContainerFixture.
namespace GeoOrchestration.IntegrationTests.Infrastructure;

/// <summary>Lines for the run's output outside any one test (which PostgreSQL the tests use), as xunit diagnostic messages.</summary>
internal static class TestRunMessages
{
    public static IMessageSink? Sink { get; set; }

    public static void Announce(string line) => Sink?.OnMessage(new DiagnosticMessage(line));
}
