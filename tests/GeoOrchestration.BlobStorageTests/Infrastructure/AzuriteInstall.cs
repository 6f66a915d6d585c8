using System.Diagnostics;
using System.Text.Json.Nodes;
using GeoOrchestration.IntegrationTests.Infrastructure;

namespace GeoOrchestration.BlobStorageTests.Infrastructure;

/// <summary>
/// Makes sure Azurite (pinned in tools/azurite/package-lock.json) is installed in tools/azurite/node_modules, with
/// <c>npm ci --omit=dev</c> when it is missing or another version, under a lock shared with other test processes
/// (several test projects may start at once; build.ps1 installs it before the tests too).
/// </summary>
public static class AzuriteInstall
{
    /// <summary>The pinned version (tools/azurite/package.json).</summary>
    public const string Version = "3.37.0";

    /// <summary>The blob service's entry script, installed when needed.</summary>
    /// <exception cref="InvalidOperationException">node or npm is missing, or npm ci failed: the message says what to install.</exception>
    public static string BlobScript()
    {
        RequireTool("node");
        var script = Path.Combine(RepositoryFolders.Azurite, "node_modules", "azurite", "dist", "src", "blob", "main.js");
        if (IsInstalled()) return script;
        using var _ = CrossProcessLock.Acquire(Path.Combine(Path.GetTempPath(), "geoorchestration-azurite-install.lock"), TimeSpan.FromMinutes(10));
        if (IsInstalled()) return script;
        RequireTool("npm");
        var (exit, output) = Run("npm", ["ci", "--omit=dev", "--no-audit", "--no-fund"], RepositoryFolders.Azurite, TimeSpan.FromMinutes(8));
        if (exit != 0 || !IsInstalled())
            throw new InvalidOperationException($"npm ci in {RepositoryFolders.Azurite} failed (exit {exit}):\n{output}");
        return script;
    }

    private static bool IsInstalled()
    {
        var package = Path.Combine(RepositoryFolders.Azurite, "node_modules", "azurite", "package.json");
        return File.Exists(package) && JsonNode.Parse(File.ReadAllText(package))?["version"]?.GetValue<string>() == Version;
    }

    // Under CI=true as elsewhere: the tests never skip; without node they fail saying what to install.
    private static void RequireTool(string tool)
    {
        try
        {
            Run(tool, ["--version"], Path.GetTempPath(), TimeSpan.FromSeconds(30));
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new InvalidOperationException(
                $"The blob tests run Azurite on Node.js, and '{tool}' is not installed: apt-get install -y nodejs npm (.ci/run installs them).");
        }
    }

    private static (int Exit, string Output) Run(string file, string[] arguments, string folder, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = folder };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            return (-1, $"{file} did not finish within {timeout.TotalSeconds:0} s. {stdout.Result}{stderr.Result}");
        }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
