using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Azure.Messaging.ServiceBus;
using GeoOrchestration.Identity;
using GeoOrchestration.Store;

namespace GeoOrchestration.ServiceBus;

/// <summary>
/// A <see cref="WorkAttempt"/> as a Service Bus message and back. The <c>MessageId</c> is the attempt's
/// identity (its item and turn), so a re-send of the same attempt is absorbed by duplicate detection and a
/// later turn always gets through; the body is JSON naming the attempt; <c>Subject</c> is its kind
/// (<c>plan</c>, <c>task</c>, <c>finalize</c>) for someone reading a queue or its dead letters.
/// </summary>
public static partial class WorkAttemptCodec
{
    /// <summary>The service's limit on a <c>MessageId</c>, in characters.</summary>
    public const int MaxMessageIdLength = 128;

    /// <summary>The body's content type.</summary>
    public const string ContentType = "application/json";

    private const string HashedPrefix = "h-";

    /// <summary>The queue an attempt travels on: control for plan and finalize, tasks for task attempts.</summary>
    /// <param name="attempt">The attempt.</param>
    /// <returns>Its queue.</returns>
    public static WorkQueue QueueOf(WorkAttempt attempt) => attempt.Kind == WorkKind.RunTask ? WorkQueue.Tasks : WorkQueue.Control;

    /// <summary>The name of a kind in <c>Subject</c> and the body: <c>plan</c>, <c>task</c>, <c>finalize</c>.</summary>
    /// <param name="kind">A defined kind.</param>
    /// <returns>Its name.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="kind"/> is not a defined kind.</exception>
    public static string KindName(WorkKind kind) => kind == WorkKind.RunTask ? "task" : WorkKindNames.ToName(kind);

    /// <summary>
    /// The attempt's message id: <c>{task id}.{turn}</c> for a task, <c>{job id}.plan{stage}.{turn}</c> or
    /// <c>{job id}.finalize.{turn}</c> for control work. One longer than <see cref="MaxMessageIdLength"/> (a
    /// long task key) becomes <c>h-</c> and the SHA-256 of that text in hexadecimal: still deterministic.
    /// </summary>
    /// <param name="attempt">The attempt.</param>
    /// <returns>At most 128 characters; the same for the same attempt in every process.</returns>
    public static string MessageId(WorkAttempt attempt)
    {
        var id = attempt.Kind switch
        {
            WorkKind.RunTask => $"{attempt.TaskId}.{attempt.Turn}",
            WorkKind.PlanStage => $"{attempt.JobId}.plan{attempt.Stage}.{attempt.Turn}",
            _ => $"{attempt.JobId}.{KindName(attempt.Kind)}.{attempt.Turn}",
        };
        return id.Length <= MaxMessageIdLength ? id
            : HashedPrefix + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(id))).ToLowerInvariant();
    }

    /// <summary>The message for an attempt.</summary>
    /// <param name="attempt">The attempt to send.</param>
    /// <param name="scheduledEnqueueTime">When the service should make it visible (a retry's due time); null for now.</param>
    /// <returns>A new message (the SDK's messages are not reusable across batches).</returns>
    public static ServiceBusMessage Encode(WorkAttempt attempt, DateTimeOffset? scheduledEnqueueTime = null)
    {
        var body = new Body(KindName(attempt.Kind), attempt.JobId, attempt.Stage, attempt.TaskId, attempt.Turn);
        var message = new ServiceBusMessage(BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes(body, BodyContext.Default.Body)))
        {
            MessageId = MessageId(attempt),
            Subject = body.Kind,
            ContentType = ContentType,
        };
        if (scheduledEnqueueTime is { } at) message.ScheduledEnqueueTime = at;
        return message;
    }

    /// <summary>The attempt a received message names.</summary>
    /// <param name="message">A message from one of the transport's queues.</param>
    /// <returns>The attempt.</returns>
    /// <exception cref="FormatException">
    /// The body is not an attempt this build understands (not JSON, an unknown kind, a malformed job id, a
    /// stage or turn below 1, a task id missing or present where it must not be), or the message id is not
    /// the one its body implies (not our message). The message says which, without quoting the body.
    /// </exception>
    public static WorkAttempt Decode(ServiceBusReceivedMessage message)
    {
        Body? body;
        try
        {
            body = JsonSerializer.Deserialize(message.Body.ToMemory().Span, BodyContext.Default.Body);
        }
        catch (JsonException e)
        {
            throw new FormatException($"Message '{Shorten(message.MessageId)}' has a body that is not a work attempt's JSON ({e.Message}).", e);
        }
        if (body is null) throw new FormatException($"Message '{Shorten(message.MessageId)}' has an empty body.");
        var kind = body.Kind switch
        {
            "task" => WorkKind.RunTask,
            "plan" => WorkKind.PlanStage,
            "finalize" => WorkKind.Finalize,
            _ => throw new FormatException($"Message '{Shorten(message.MessageId)}' names an unknown kind '{Shorten(body.Kind)}'."),
        };
        if (!JobIdentity.IsJobId(body.Job)) throw new FormatException($"Message '{Shorten(message.MessageId)}' names a malformed job id.");
        if (body.Stage < 1 || body.Turn < 1) throw new FormatException($"Message '{Shorten(message.MessageId)}' names stage {body.Stage} turn {body.Turn}; both must be at least 1.");
        if ((kind == WorkKind.RunTask) != !string.IsNullOrEmpty(body.Task))
            throw new FormatException($"Message '{Shorten(message.MessageId)}': a task attempt names a task id, control work none.");
        var attempt = new WorkAttempt(kind, body.Job!, body.Stage, kind == WorkKind.RunTask ? body.Task : null, body.Turn);
        if (message.MessageId != MessageId(attempt))
            throw new FormatException($"Message '{Shorten(message.MessageId)}' does not carry the id its body implies ('{Shorten(MessageId(attempt))}').");
        return attempt;
    }

    private static string Shorten(string? text) => text is null ? "" : text.Length > 140 ? text[..137] + "..." : text;

    /// <summary>The body's JSON: short names, one version of the format (a field added later is ignored by an older reader).</summary>
    internal sealed record Body(
        [property: JsonPropertyName("kind")] string? Kind,
        [property: JsonPropertyName("job")] string? Job,
        [property: JsonPropertyName("stage")] int Stage,
        [property: JsonPropertyName("task")] string? Task,
        [property: JsonPropertyName("turn")] int Turn);

    [JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
    [JsonSerializable(typeof(Body))]
    internal sealed partial class BodyContext : JsonSerializerContext;
}
