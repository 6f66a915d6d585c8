using GeoOrchestration.Model;
using GeoOrchestration.Store;

namespace GeoOrchestration.Sqlite;

public sealed partial class SqliteStore
{
    public Task<long> JobCountAsync(JobCountParams parameters, CancellationToken cancellationToken) =>
        ReadAsync(async connection =>
        {
            await using var command = Command("JobCount", connection, null,
                ("status", parameters.Status is { } s ? StatusNames.ToName(s) : null), ("job_type", parameters.JobType),
                ("since", parameters.CreatedSince?.ToUnixTimeMilliseconds()), ("request_id", parameters.RequestId));
            return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        }, cancellationToken);

    public Task<long> TaskCountAsync(TaskCountParams parameters, CancellationToken cancellationToken) =>
        ReadAsync(async connection =>
        {
            await using var command = Command("TaskCount", connection, null, ("job_id", parameters.JobId),
                ("status", parameters.Status is { } s ? StatusNames.ToName(s) : null),
                ("from_stage", parameters.FromStage), ("to_stage", parameters.ToStage));
            return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        }, cancellationToken);
}
