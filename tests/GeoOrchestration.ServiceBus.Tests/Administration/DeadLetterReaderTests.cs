using GeoOrchestration.Errors;
using GeoOrchestration.ServiceBus.Administration;

namespace GeoOrchestration.ServiceBus.Tests.Administration;

/// <summary>DeadLetterReader: peeking the dead-letter subqueues of the transport's two queues.</summary>
public sealed class DeadLetterReaderTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public async Task Peek_WithMaxBelowOne_IsRefusedNamingIt(int max)
    {
        var options = new ServiceBusTransportOptions { ConnectionString = "Endpoint=sb://127.0.0.1:1;SharedAccessKeyName=k;SharedAccessKey=x;UseDevelopmentEmulator=true" };

        var ex = await Assert.ThrowsAsync<GeoValidationException>(() => DeadLetterReader.PeekAsync(options, max, CancellationToken.None));

        Assert.Equal("max", Assert.Single(ex.Errors).Field);
    }
}
