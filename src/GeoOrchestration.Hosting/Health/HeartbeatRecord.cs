using System.Text.Json;
using System.Text.Json.Serialization;

namespace GeoOrchestration.Hosting.Health;

/// <summary>
/// What a worker writes to its heartbeat file (<see cref="HeartbeatFile"/>) and a probe reads (<see cref="HealthProbe"/>):
/// a small JSON object, camelCase, times in UTC (ISO 8601). Readers refuse a newer <see cref="SchemaVersion"/> than they know.
/// </summary>
public sealed record HeartbeatRecord
{
    /// <summary>The record's layout version this build writes and reads.</summary>
    public const int CurrentSchemaVersion = 1;

    /// <summary>The layout version (<see cref="CurrentSchemaVersion"/>).</summary>
    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    /// <summary><c>starting</c> (schema check, listening), <c>running</c>, <c>stopping</c> (asked to stop: finishing or handing back) <c>stopped</c> (a clean stop) or <c>failed</c> (the worker's run ended with an error).</summary>
    public string State { get; init; } = "";

    /// <summary>The worker's id, as its log lines and leases name it.</summary>
    public string WorkerId { get; init; } = "";

    /// <summary>The worker's process id (in its own PID namespace: a probe must run in the same container).</summary>
    public int ProcessId { get; init; }

    /// <summary>When the worker's process started (UTC), so a probe tells the worker's process from a later one given the same id.</summary>
    public DateTimeOffset? ProcessStarted { get; init; }

    /// <summary>When the worker began running (UTC); null while it starts.</summary>
    public DateTimeOffset? Started { get; init; }

    /// <summary>The last time the worker's own loops (claim loop and maintenance) turned (UTC); see <see cref="Engine.WorkerVitals.Heartbeat"/>.</summary>
    public DateTimeOffset Heartbeat { get; init; }

    /// <summary>When this record was written (UTC).</summary>
    public DateTimeOffset Written { get; init; }

    /// <summary>The longest the heartbeat goes unmoved while all is well, in seconds (<see cref="Engine.WorkerVitals.TurnInterval"/>).</summary>
    public double TurnIntervalSeconds { get; init; }

    /// <summary>Work items held (running or waiting for a slot).</summary>
    public int Running { get; init; }

    /// <summary>Work items carried out since the worker started.</summary>
    public long Executed { get; init; }

    /// <summary>Whether the worker's last store call succeeded; null before its first.</summary>
    public bool? LastStoreCallSucceeded { get; init; }

    /// <summary>The first line of that call's error when it failed.</summary>
    public string? LastStoreError { get; init; }

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = false,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads a record; null when the text is not one (not JSON, or no worker id).</summary>
    public static HeartbeatRecord? Parse(string text)
    {
        try
        {
            var record = JsonSerializer.Deserialize<HeartbeatRecord>(text, Json);
            return record is { WorkerId.Length: > 0, ProcessId: > 0 } ? record : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
