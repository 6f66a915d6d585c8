using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: Xunit.TestFramework("GeoOrchestration.IntegrationTests.Infrastructure.AnnouncingTestFramework", "GeoOrchestration.IntegrationTests")]

namespace GeoOrchestration.IntegrationTests.Infrastructure;

/// <summary>
/// xunit's own test framework, keeping the run's diagnostic message sink for <see cref="TestRunMessages"/>
/// (a static fixture such as <see cref="PostgresServer.Instance"/> has no sink of its own). Its own
/// file, not linked by other test projects: the attribute names this assembly.
/// </summary>
public sealed class AnnouncingTestFramework : XunitTestFramework
{
    public AnnouncingTestFramework(IMessageSink messageSink) : base(messageSink) => TestRunMessages.Sink = messageSink;
}
