using System.Diagnostics;
using Azure.Messaging.ServiceBus;
using Azure.Messaging.ServiceBus.Administration;

namespace GeoOrchestration.ServiceBus.Tests.Administration;

/// <summary>The double as a process (Program.cs), as a developer runs it: started, used through the printed connection strings, stopped with SIGTERM.</summary>
public sealed class DoubleToolProcessTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Tool_PrintsConnectionStrings_ServesTheSdk_AndExitsZeroOnSigterm()
    {
        using var process = Start("--port", "0", "--queues", "geo-control,geo-tasks");
        var stderr = new List<string>();
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (stderr) stderr.Add(e.Data); };
        process.BeginErrorReadLine();
        try
        {
            var connection = await ReadLabelledAsync(process, "ConnectionString: ");
            var administration = await ReadLabelledAsync(process, "AdministrationConnectionString: ");

            await using (var client = new ServiceBusClient(connection))
            {
                await using var sender = client.CreateSender("geo-tasks");
                await sender.SendMessageAsync(new ServiceBusMessage("hello") { MessageId = "tool-1" });
                await using var receiver = client.CreateReceiver("geo-tasks");
                var got = await receiver.ReceiveMessageAsync(Wait);
                Assert.NotNull(got);
                Assert.Equal("hello", got.Body.ToString());
                await receiver.CompleteMessageAsync(got);
            }
            var admin = new ServiceBusAdministrationClient(administration);
            var queue = (await admin.GetQueueAsync("geo-control")).Value;
            Assert.True(queue.RequiresDuplicateDetection);

            using (var kill = Process.Start("kill", $"-TERM {process.Id}")!)
                await kill.WaitForExitAsync();
            using var limit = new CancellationTokenSource(Wait);
            await process.WaitForExitAsync(limit.Token);

            Assert.Equal(0, process.ExitCode);
            lock (stderr)
            {
                Assert.Contains(stderr, line => line.Contains("SIGTERM", StringComparison.Ordinal));
                Assert.Contains(stderr, line => line.Contains("admin get geo-control: 200", StringComparison.Ordinal));
            }
        }
        finally
        {
            if (!process.HasExited)
                process.Kill(entireProcessTree: true);
        }
    }

    [Fact]
    public async Task Tool_WithoutAPort_IsAUsageError()
    {
        using var process = Start();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(Wait);
        await process.WaitForExitAsync(limit.Token);

        Assert.NotEqual(0, process.ExitCode);
        Assert.Contains("--port", await stderr);
    }

    private static Process Start(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "GeoOrchestration.ServiceBus.Double.dll"));
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        return Process.Start(start) ?? throw new InvalidOperationException("Could not start the double.");
    }

    private static async Task<string> ReadLabelledAsync(Process process, string label)
    {
        using var limit = new CancellationTokenSource(Wait);
        while (await process.StandardOutput.ReadLineAsync(limit.Token) is { } line)
        {
            if (line.StartsWith(label, StringComparison.Ordinal))
                return line[label.Length..];
        }
        throw new InvalidOperationException($"The double ended without printing '{label.Trim()}' (exit {process.ExitCode}).");
    }
}
