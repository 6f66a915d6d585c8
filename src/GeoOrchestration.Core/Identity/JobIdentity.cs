using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using GeoOrchestration.Errors;
using GeoOrchestration.Parameters;

namespace GeoOrchestration.Identity;

/// <summary>
/// Deterministic identities. A job's id is the SHA-256 of its canonical request, so the same
/// request is the same job; a task's id is derived from its job, stage and key, so planning a
/// stage twice yields the same rows.
/// </summary>
public static partial class JobIdentity
{
    /// <summary>Task keys stay short and safe to show in ids, logs and file names.</summary>
    public const int MaxTaskKeyLength = 100;

    /// <summary>
    /// The SHA-256 of the canonical JSON of <c>{job_type, parameters}</c>, plus <c>run_key</c> when
    /// one is given: without a run key the id is exactly what it always was, and with one the same
    /// request becomes a new job per key (a nightly run) while a retried submission with the same
    /// key is still the same job.
    /// </summary>
    /// <param name="jobType">The job type's registered name.</param>
    /// <param name="validatedParameters">The parameters after validation (defaults filled in), as they are stored.</param>
    /// <param name="runKey">The run key, or null for none.</param>
    /// <returns>64 lowercase hexadecimal characters.</returns>
    public static string JobId(string jobType, JsonObject validatedParameters, string? runKey = null)
    {
        var request = new JsonObject
        {
            ["job_type"] = jobType,
            ["parameters"] = validatedParameters.DeepClone(),
        };
        if (runKey is not null) request["run_key"] = runKey;
        return Convert.ToHexString(SHA256.HashData(CanonicalJson.Serialize(request))).ToLowerInvariant();
    }

    /// <summary>
    /// The job id of run <paramref name="run"/> of a request (<see cref="JobId"/> gives the request's
    /// id): run 1 is the request id itself, so a request never forced keeps the id it always had; a
    /// later run is the SHA-256 of the canonical JSON of <c>{request_id, run}</c>, so the same run of
    /// the same request is the same job however often (and however concurrently) it is submitted.
    /// </summary>
    /// <param name="requestId">The request's id (<see cref="JobId"/>).</param>
    /// <param name="run">The run number, from 1.</param>
    /// <returns>64 lowercase hexadecimal characters.</returns>
    /// <exception cref="GeoValidationException"><paramref name="requestId"/> is not a job id, or <paramref name="run"/> is less than 1.</exception>
    public static string RunJobId(string requestId, int run)
    {
        RequireJobId(requestId, "request_id");
        if (run < 1) throw new GeoValidationException("run", "minimum", $"'run' must be at least 1; got {run}.");
        if (run == 1) return requestId;
        var identity = new JsonObject { ["request_id"] = requestId, ["run"] = run };
        return Convert.ToHexString(SHA256.HashData(CanonicalJson.Serialize(identity))).ToLowerInvariant();
    }

    /// <summary>Longest run key, in characters.</summary>
    public const int MaxRunKeyLength = 200;

    /// <summary>
    /// A task's id, <c>{job id[0..16]}-s{stage}-{key}</c>: deterministic, so planning a stage again writes
    /// the same rows, and every task of a job (or of one stage) shares a prefix, so they are one key range
    /// (<see cref="TaskIdsOf(string, int)"/> gives a stage's range of them). The one place the format is written.
    /// </summary>
    /// <param name="jobId">The job's id (64 characters).</param>
    /// <param name="stage">The stage, from 1.</param>
    /// <param name="taskKey">The task's key within the stage (<see cref="IsTaskKey"/>).</param>
    /// <returns>The task id.</returns>
    public static string TaskId(string jobId, int stage, string taskKey) => StageTaskIdPrefix(jobId, stage) + taskKey;

    /// <summary>Whether text is a whole job id: 64 lowercase hexadecimal characters.</summary>
    /// <param name="text">The text; null is not a job id.</param>
    /// <returns>True for a well-formed job id.</returns>
    public static bool IsJobId(string? text) => text is not null && JobIdPattern().IsMatch(text);

    /// <summary>Fewest leading characters of a job id that a user may type instead of the whole id.</summary>
    public const int MinJobIdPrefixLength = 8;

    /// <summary>Whether text is a job id or a prefix of one: 8 to 64 lowercase hexadecimal characters.</summary>
    /// <param name="text">The text; null is not a prefix.</param>
    /// <returns>True for a well-formed prefix (whether any job has it is the store's to say).</returns>
    public static bool IsJobIdPrefix(string? text) => text is not null && JobIdPrefixPattern().IsMatch(text);

    /// <summary>Whether text is a valid task key: 1 to <see cref="MaxTaskKeyLength"/> characters of <c>A-Z a-z 0-9 _ . -</c>.</summary>
    /// <param name="text">The text; null is not a key.</param>
    /// <returns>True for a valid key.</returns>
    public static bool IsTaskKey(string? text) => text is not null && TaskKeyPattern().IsMatch(text);

    /// <summary>Refuses a malformed job id before any query is made with it.</summary>
    /// <param name="text">What was given for the id.</param>
    /// <param name="field">The field name the refusal names.</param>
    /// <returns><paramref name="text"/>, a well-formed job id.</returns>
    /// <exception cref="GeoValidationException"><paramref name="text"/> is not 64 lowercase hexadecimal characters (rule <c>format</c>).</exception>
    public static string RequireJobId(string? text, string field = "job_id") =>
        IsJobId(text)
            ? text!
            : throw new GeoValidationException(field, "format",
                $"'{field}' must be 64 lowercase hexadecimal characters (a SHA-256); got '{Shorten(text)}'.");

    private static string Shorten(string? text) =>
        text is null ? "" : text.Length > 80 ? text[..77] + "..." : text;

    [GeneratedRegex(@"^[0-9a-f]{64}\z", RegexOptions.CultureInvariant)]
    private static partial Regex JobIdPattern();

    [GeneratedRegex(@"^[0-9a-f]{8,64}\z", RegexOptions.CultureInvariant)]
    private static partial Regex JobIdPrefixPattern();

    [GeneratedRegex(@"^[A-Za-z0-9_.-]{1,100}\z", RegexOptions.CultureInvariant)]
    private static partial Regex TaskKeyPattern();
}
