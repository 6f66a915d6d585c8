using System.Globalization;
using System.Text.Json;
using GeoOrchestration.Jobs.Gdal.Host.Protocol;
using GeoOrchestration.Jobs.Gdal.Native;

namespace GeoOrchestration.Jobs.Gdal.Host.Server;

/// <summary>
/// The GDAL host's program: a long-lived child of a worker that runs GDAL's C API for it, one
/// request at a time, so that a GDAL crash on a hostile file kills this process and fails one task,
/// never the worker. Started as <c>GeoOrchestration.GdalHost --parent PID</c>; reads requests on
/// stdin and answers on its original stdout, one JSON object per line (<see cref="Protocol"/>), logs
/// on stderr; exits 0 when stdin closes (see <see cref="GdalHostExitCodes"/>).
/// </summary>
public static class GdalHostServer
{
    /// <summary>Runs the host until its stdin closes; returns the exit code.</summary>
    public static int Run(string[] args)
    {
        if (!TryParseParent(args, out var parent))
        {
            Console.Error.WriteLine("usage: GeoOrchestration.GdalHost [--parent PID]");
            return GdalHostExitCodes.Usage;
        }
        if (parent is { } pid && !HostProcessGuard.DieWithParent(pid))
        {
            Console.Error.WriteLine($"GDAL host: its parent {pid} exited before it started; exiting.");
            return GdalHostExitCodes.ParentGone;
        }
        using var output = new StreamWriter(HostProcessGuard.ProtectedStandardOutput(), GdalHostJson.Encoding) { NewLine = "\n" };
        var library = GdalLibrary.Load();
        if (library.Handle == IntPtr.Zero)
        {
            Write(output, GdalHostJson.Line(new GdalHostHello { Ok = false, Error = GdalHostHello.LibraryMissing, Message = library.Problem }));
            return GdalHostExitCodes.LibraryMissing;
        }
        GdalErrorCapture.Install();
        GdalApi.GDALAllRegister();
        Write(output, GdalHostJson.Line(new GdalHostHello
        {
            Ok = true,
            Gdal = GdalApi.Text(GdalApi.GDALVersionInfo("RELEASE_NAME")),
            Library = library.Name,
            Pid = Environment.ProcessId,
        }));
        using var input = new StreamReader(Console.OpenStandardInput(), GdalHostJson.Encoding);
        while (input.ReadLine() is { } line)
        {
            if (line.Length == 0) continue;
            Write(output, GdalHostJson.Line(Answer(line)));
        }
        return GdalHostExitCodes.Done;
    }

    /// <summary>The response to one request line; never throws (a bad request is answered, and the host stays up).</summary>
    internal static GdalHostResponse Answer(string line)
    {
        GdalErrorCapture.Begin();
        long id = 0;
        GdalHostOutcome outcome;
        try
        {
            var request = GdalHostJson.Read<GdalHostRequest>(line);
            id = request.Id;
            outcome = GdalHostOperations.Run(request);
        }
        catch (Exception e) when (e is JsonException or GdalHostRequestException or NotSupportedException)
        {
            GdalErrorCapture.Add(new GdalHostMessage(true, GdalHostMessage.IllegalArgument, e is JsonException
                ? $"The request is not the JSON object expected: {e.Message}"
                : e.Message));
            outcome = GdalHostOutcome.UsageError;
        }
        catch (Exception e)
        {
            // A fault of ours, not GDAL's: answer it (the worker fails the task with it) and stay up.
            Console.Error.WriteLine($"GDAL host: request {id} failed: {e}");
            GdalErrorCapture.Add(new GdalHostMessage(true, GdalHostMessage.IllegalArgument, $"The GDAL host failed: {e.GetType().Name}: {e.Message}"));
            outcome = GdalHostOutcome.Failed;
        }
        return new GdalHostResponse
        {
            Id = id,
            Ok = outcome.Ok,
            Usage = outcome.Usage,
            Result = outcome.Ok ? outcome.Result : null,
            Messages = GdalErrorCapture.End(),
            RssBytes = ProcessMemory.ResidentBytes(),
        };
    }

    private static void Write(StreamWriter output, string line)
    {
        output.Write(line);
        output.Write('\n');
        output.Flush();
    }

    private static bool TryParseParent(string[] args, out int? parent)
    {
        parent = null;
        if (args.Length == 0) return true;
        if (args.Length == 2 && args[0] == "--parent" && int.TryParse(args[1], NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid > 0)
        {
            parent = pid;
            return true;
        }
        return false;
    }
}
