using System.Management.Automation;
using GeoOrchestration.Logging;

namespace GeoOrchestration.PowerShell.Infrastructure;

/// <summary>
/// Writes a worker's log in PowerShell: each line in <see cref="LogLineFormat"/>, the form
/// <c>geoorch worker</c> writes too, as an information record that the host shows as
/// <c>Write-Host</c> does (tagged <c>PSHOST</c>, so it shows without <c>-InformationAction</c>).
/// One stream for every level keeps the log in order in <c>*&gt; log.txt</c> and <c>6&gt;</c>, and
/// keeps the host's coloured <c>WARNING:</c> and <c>VERBOSE:</c> prefixes (which pwsh writes even
/// into redirected output) out of it; the level is in the line and in the record's tags. Lines
/// below Information are written only under <c>-Verbose</c>. After Ctrl+C PowerShell accepts no
/// more stream writes (they throw <see cref="PipelineStoppedException"/>), so the lines that tell
/// how the worker stopped go straight to the host from then on.
/// </summary>
internal sealed class WorkerLogWriter(PSCmdlet cmdlet, bool verbose, bool colour)
{
    /// <summary>Tags of every record; the level name (<c>info</c>, <c>warn</c>, ...) is added per line.</summary>
    public static readonly string[] Tags = ["PSHOST", "GeoOrchestration", "Worker"];

    private volatile bool _pipelineStopped;

    /// <summary>From now on lines go to the host: the pipeline is stopping (Ctrl+C). Any thread.</summary>
    public void PipelineStopping() => _pipelineStopped = true;

    /// <summary>Writes one line; on the pipeline thread only.</summary>
    public void Write(GeoLogLine line)
    {
        if (line.Level < GeoLogLevel.Information && !verbose) return;
        var text = LogLineFormat.Format(line, colour);
        if (!_pipelineStopped)
        {
            try
            {
                cmdlet.WriteInformation(new HostInformationMessage { Message = text }, [.. Tags, LogLineFormat.LevelName(line.Level)]);
                return;
            }
            catch (PipelineStoppedException)
            {
                _pipelineStopped = true;
            }
        }
        cmdlet.Host.UI.WriteLine(text);
    }

    /// <summary>
    /// Whether lines are coloured: only when pwsh writes to a terminal that takes escape sequences,
    /// <c>$PSStyle.OutputRendering</c> is not PlainText, and <c>NO_COLOR</c> is unset or empty.
    /// (Redirected within PowerShell, <c>*&gt; file</c>, pwsh removes the sequences itself.)
    /// </summary>
    public static bool UseColour(PSCmdlet cmdlet) =>
        cmdlet.Host.UI.SupportsVirtualTerminal
        && !PlainTextRendering(cmdlet)
        && LogLineFormat.UseColour(Console.IsOutputRedirected);

    // $PSStyle is read by name: the module compiles against the 5.1 reference, which has no PSStyle type.
    private static bool PlainTextRendering(PSCmdlet cmdlet) =>
        cmdlet.GetVariableValue("PSStyle") is { } style
        && PSObject.AsPSObject(style).Properties["OutputRendering"]?.Value?.ToString() == "PlainText";
}
