using System.Runtime.InteropServices;

namespace GeoOrchestration.PowerShell.Infrastructure;

/// <summary>
/// Takes SIGTERM over from pwsh for as long as a cmdlet's in-process worker runs. pwsh itself dies
/// at once on SIGTERM (exit 143: no finally, no <c>StopProcessing</c>), so a container or runbook
/// stopping it that way would leave the worker's tasks leased until their leases expire. Taken
/// over, the signal cancels <see cref="Token"/> instead: the worker stops gracefully (running
/// handlers get its shutdown grace, the rest are handed back without counting the attempt), and
/// the cmdlet then ends the process with <see cref="ExitProcess"/>, as the signal asked. Windows
/// has no SIGTERM: there it is never received and <see cref="Token"/> follows the cmdlet's stop only.
/// </summary>
internal sealed class SigtermTakeover : IDisposable
{
    private readonly CancellationTokenSource _stop;
    private readonly PosixSignalRegistration? _registration;
    private volatile bool _received;

    /// <param name="stopping">The cmdlet's own stop (Ctrl+C), which <see cref="Token"/> follows as well.</param>
    /// <param name="onSignal">Called on the signal's thread when SIGTERM arrives, before <see cref="Token"/> fires.</param>
    public SigtermTakeover(CancellationToken stopping, Action onSignal)
    {
        _stop = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        if (OperatingSystem.IsWindows()) return;
        _registration = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            _received = true;
            onSignal();
            try { _stop.Cancel(); }
            catch (ObjectDisposedException) { /* the worker has already stopped */ }
        });
    }

    /// <summary>Fires on SIGTERM or when the cmdlet is stopped: the worker's stop.</summary>
    public CancellationToken Token => _stop.Token;

    /// <summary>True once SIGTERM arrived; still readable after <see cref="Dispose"/>.</summary>
    public bool Received => _received;

    /// <summary>
    /// Ends pwsh as SIGTERM asked, once the worker has handed everything back and the cmdlet has
    /// written what it had to say: the rest of the script does not run.
    /// </summary>
    public static void ExitProcess(int exitCode) => Environment.Exit(exitCode);

    /// <summary>Gives SIGTERM back to pwsh (which then dies of it at once again).</summary>
    public void Dispose()
    {
        _registration?.Dispose();
        _stop.Dispose();
    }
}
