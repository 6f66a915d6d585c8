namespace GeoOrchestration.Store;

/// <summary>
/// A worker as it registers in the store's worker registry (<see cref="IGeoStore.WorkerRegisterAsync"/>).
/// The store stamps the times with its own clock.
/// </summary>
/// <param name="WorkerId">The worker's lease owner (<see cref="Engine.WorkerOptions.WorkerId"/>): the registry's key.</param>
/// <param name="Instance">
/// The registering process's instance token (<see cref="Engine.Worker"/> draws a random one; at most 64 characters): a row held by
/// another token is taken over only once it is lost, so one id has one live process (host and pid cannot tell, in containers every pid is 1).
/// </param>
/// <param name="Host">The machine it runs on (<see cref="Environment.MachineName"/>; a container's host name in a container).</param>
/// <param name="ProcessId">Its operating-system process id.</param>
/// <param name="Version">The GeoOrchestration version it runs (the engine assembly's informational version).</param>
/// <param name="JobTypes">The job types its registry holds, i.e. what it can run, by name.</param>
/// <param name="Concurrency">Work items it runs at once (<see cref="Engine.WorkerOptions.Concurrency"/>).</param>
/// <param name="Transport">How work reaches it (<see cref="Engine.Worker.Transport"/>).</param>
/// <param name="Uptime">How long it has been running (0 at its first registration): the store records it as started that long before its own now.</param>
/// <param name="Expiry">How long after this registration, and after each heartbeat, it counts as lost unless it heartbeats again; more than zero.</param>
/// <param name="Running">Work items it holds now.</param>
/// <param name="Stopping">It was asked to stop and is finishing or handing back what it holds.</param>
public sealed record WorkerRegisterParams(string WorkerId, string Instance, string Host, int ProcessId, string Version, IReadOnlyList<string> JobTypes,
    int Concurrency, string Transport, TimeSpan Uptime, TimeSpan Expiry, int Running = 0, bool Stopping = false);
