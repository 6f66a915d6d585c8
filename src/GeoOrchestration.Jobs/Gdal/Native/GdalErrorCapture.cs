using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using GeoOrchestration.Jobs.Gdal.Host.Protocol;

namespace GeoOrchestration.Jobs.Gdal.Native;

/// <summary>
/// Collects every error and warning GDAL raises (CPLError) while a request runs: the same content
/// the command-line tools print as "ERROR n: text" / "Warning n: text". Installed once as the
/// process-wide handler (<c>CPLSetErrorHandler</c>), not pushed per thread, because GDAL raises
/// errors from threads of its own too (GDAL_NUM_THREADS compression, overview building); the host
/// runs one request at a time, so everything raised between <see cref="Begin"/> and
/// <see cref="End"/> belongs to that request.
/// </summary>
internal static unsafe class GdalErrorCapture
{
    /// <summary>At most this many messages per request, as the tools stop printing after 1000 (CPL_MAX_ERROR_REPORTS).</summary>
    public const int MaxMessages = 1000;

    // CPLErr: CE_None 0, CE_Debug 1, CE_Warning 2, CE_Failure 3, CE_Fatal 4.
    private const int Warning = 2;
    private const int Failure = 3;

    private static readonly object Gate = new();
    private static List<GdalHostMessage> _messages = [];

    /// <summary>Makes this class GDAL's error handler; call once, after the library is loaded.</summary>
    public static void Install() => GdalApi.CPLSetErrorHandler(&OnError);

    /// <summary>Starts a request's collection (drops anything raised between requests).</summary>
    public static void Begin()
    {
        lock (Gate) _messages = [];
    }

    /// <summary>The messages raised since <see cref="Begin"/>, in order.</summary>
    public static List<GdalHostMessage> End()
    {
        lock (Gate)
        {
            var messages = _messages;
            _messages = [];
            return messages;
        }
    }

    /// <summary>Whether an error (CE_Failure or CE_Fatal) was raised since <paramref name="count"/> messages had been collected.</summary>
    public static bool ErrorSince(int count)
    {
        lock (Gate) return _messages.Skip(count).Any(m => m.Error);
    }

    /// <summary>How many messages have been collected so far in this request.</summary>
    public static int Count
    {
        get
        {
            lock (Gate) return _messages.Count;
        }
    }

    /// <summary>Adds a message of the host's own (a request GDAL was never asked, such as an unknown driver).</summary>
    public static void Add(GdalHostMessage message)
    {
        lock (Gate) _messages.Add(message);
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnError(int errorClass, int number, byte* text)
    {
        // Debug output (CE_Debug) is off in hosts (CPL_DEBUG=OFF) and is not a diagnostic of the request.
        if (errorClass < Warning) return;
        var message = new GdalHostMessage(errorClass >= Failure, number, Marshal.PtrToStringUTF8((IntPtr)text) ?? "");
        lock (Gate)
        {
            if (_messages.Count < MaxMessages) _messages.Add(message);
        }
    }
}
