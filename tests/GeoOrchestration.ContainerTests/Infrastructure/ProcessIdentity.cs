using System.Globalization;

namespace GeoOrchestration.ContainerTests.Infrastructure;

/// <summary>
/// Who the processes of a running container are: the user the image names (<c>Config.User</c>),
/// PID 1 as the container sees it (<c>/proc/1/status</c>: its executable's name and its real,
/// effective, saved and file-system UIDs), and every process as the host sees it (<c>docker top</c>).
/// </summary>
public sealed record ProcessIdentity(string Container, string ConfigUser, string Pid1Name, IReadOnlyList<int> Pid1Uids,
    IReadOnlyList<(int Uid, string Command)> Processes)
{
    public static async Task<ProcessIdentity> ReadAsync(WorkerContainer container)
    {
        var user = await container.InspectAsync("{{.Config.User}}");
        var status = await container.ExecAsync("cat", "/proc/1/status");
        if (status.ExitCode != 0) throw new InvalidOperationException($"docker exec {container.Name} cat /proc/1/status failed: {status.Output}");
        string Field(string name) => status.Stdout.Split('\n').Single(l => l.StartsWith(name + ":", StringComparison.Ordinal))[(name.Length + 1)..].Trim();
        var uids = Field("Uid").Split('\t', StringSplitOptions.RemoveEmptyEntries).Select(u => int.Parse(u, CultureInfo.InvariantCulture)).ToList();
        // The engine runs ps on the host with these columns and keeps the rows of the container's processes (by PID).
        var top = await DockerCommand.CheckedAsync(["top", container.Name, "-o", "pid,uid,comm"]);
        var processes = top.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(l => l.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Select(p => (int.Parse(p[1], CultureInfo.InvariantCulture), p.Length > 2 ? p[2] : "")).ToList();
        return new ProcessIdentity(container.Name, user, Field("Name"), uids, processes);
    }

    public override string ToString() =>
        $"{Container}: Config.User '{ConfigUser}', PID 1 {Pid1Name} uids {string.Join('/', Pid1Uids)}, processes: " +
        string.Join(", ", Processes.Select(p => $"{p.Command}({p.Uid})"));
}
