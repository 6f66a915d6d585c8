using System.Text.Json;

namespace GeoOrchestration.Store.Relational;

/// <summary>A row of the worker registry (WorkerList, WorkerExpire) by column alias; <see cref="ToRecord"/> is the one mapping to <see cref="WorkerRecord"/>.</summary>
public sealed class WorkerRow
{
    public string WorkerId { get; set; } = null!;
    public string Host { get; set; } = null!;
    public int ProcessId { get; set; }
    public string Version { get; set; } = null!;
    /// <summary>The job type names, as a JSON array.</summary>
    public string JobTypes { get; set; } = null!;
    public int Concurrency { get; set; }
    public string Transport { get; set; } = null!;
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset HeartbeatAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public int Running { get; set; }
    /// <summary>1 when stopping, else 0 (both stores' SQL give an integer).</summary>
    public int Stopping { get; set; }
    public DateTimeOffset ReadAt { get; set; }

    public WorkerRecord ToRecord() => new(WorkerId, Host, ProcessId, Version, JsonSerializer.Deserialize<string[]>(JobTypes) ?? [],
        Concurrency, Transport, StartedAt, HeartbeatAt, ExpiresAt, Running, Stopping != 0, ReadAt);

    /// <summary>The job type names as the registry stores them: a JSON array.</summary>
    public static string JobTypesJson(IReadOnlyList<string> jobTypes) => JsonSerializer.Serialize(jobTypes);
}
