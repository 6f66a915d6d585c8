using System.Runtime.InteropServices;

namespace GeoOrchestration.Cli.Commands;

/// <summary>
/// Takes SIGINT (Ctrl+C) and SIGTERM (what <c>docker stop</c> sends) over for as long as a worker
/// runs, so its log says which one stopped it before the stop begins: the signal's handler logs,
/// then fires <see cref="Token"/>. System.CommandLine's own handling is off for <c>worker</c>
/// (Program.cs): its handler waits for the command to end on the thread that runs signal handlers,
/// so a second handler could not log until the worker had already stopped. Windows has no SIGTERM
/// and delivers Ctrl+C as SIGINT, which is taken the same way.
/// </summary>
internal sealed class WorkerStopSignals : IDisposable
{
    private readonly CancellationTokenSource _stop;
    private readonly List<PosixSignalRegistration> _registrations = [];
    private int _received;

    /// <param name="stopping">Another stop the token follows as well (the command's own token).</param>
    /// <param name="onSignal">Called once, with <c>SIGTERM</c> or <c>SIGINT (Ctrl+C)</c>, before <see cref="Token"/> fires.</param>
    public WorkerStopSignals(CancellationToken stopping, Action<string> onSignal)
    {
        _stop = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        foreach (var (signal, name) in new[] { (PosixSignal.SIGINT, "SIGINT (Ctrl+C)"), (PosixSignal.SIGTERM, "SIGTERM") })
        {
            if (signal == PosixSignal.SIGTERM && OperatingSystem.IsWindows()) continue;
            _registrations.Add(PosixSignalRegistration.Create(signal, context =>
            {
                context.Cancel = true;
                // A second signal while the worker stops changes nothing: it is already stopping.
                if (Interlocked.Exchange(ref _received, 1) == 1) return;
                onSignal(name);
                try { _stop.Cancel(); }
                catch (ObjectDisposedException) { /* the worker has already stopped */ }
            }));
        }
    }

    /// <summary>Fires on SIGINT, SIGTERM or the command's own stop: the worker's stop.</summary>
    public CancellationToken Token => _stop.Token;

    public void Dispose()
    {
        foreach (var registration in _registrations) registration.Dispose();
        _stop.Dispose();
    }
}
