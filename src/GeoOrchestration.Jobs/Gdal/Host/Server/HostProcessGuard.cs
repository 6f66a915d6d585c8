using Microsoft.Win32.SafeHandles;
using GeoOrchestration.Jobs.Gdal.Native;

namespace GeoOrchestration.Jobs.Gdal.Host.Server;

/// <summary>
/// What the host does to itself before anything else: die with its parent, and keep the protocol
/// out of GDAL's reach.
/// </summary>
internal static class HostProcessGuard
{
    /// <summary>
    /// On Linux, asks for SIGKILL when the parent goes (prctl PR_SET_PDEATHSIG; the worker starts
    /// hosts from a thread that lives as long as it does, see <see cref="ToolStarter"/>), then checks
    /// the parent is still <paramref name="parent"/>: one that died before the prctl left this process
    /// to init, and no signal will ever come. False when the parent is already gone. Elsewhere true
    /// (no such signal: the worker's closed pipe ends the host at its next read).
    /// </summary>
    public static bool DieWithParent(int parent)
    {
        if (!OperatingSystem.IsLinux()) return true;
        if (Libc.prctl(Libc.PrSetPdeathsig, Libc.SigKill, 0, 0, 0) != 0)
            Console.Error.WriteLine($"GDAL host: prctl(PR_SET_PDEATHSIG) failed (errno {System.Runtime.InteropServices.Marshal.GetLastPInvokeError()}); it will not die with its parent.");
        return Libc.getppid() == parent;
    }

    /// <summary>
    /// The stream responses are written to. On Unix, a copy (dup) of the original stdout, after
    /// which fd 1 is pointed at stderr (dup2(2, 1)): a driver that prints (a destination of
    /// /vsistdout/ or /dev/stdout, a library's debugging printf) then writes into the host's log and
    /// can never put a stray byte into the protocol. Elsewhere stdout itself.
    /// </summary>
    public static Stream ProtectedStandardOutput()
    {
        if (OperatingSystem.IsWindows()) return Console.OpenStandardOutput();
        var protocol = Libc.dup(1);
        if (protocol < 0 || Libc.dup2(2, 1) < 0)
            throw new IOException($"GDAL host: could not set its stdout aside (errno {System.Runtime.InteropServices.Marshal.GetLastPInvokeError()}).");
        return new FileStream(new SafeFileHandle(protocol, ownsHandle: true), FileAccess.Write, bufferSize: 1);
    }
}
