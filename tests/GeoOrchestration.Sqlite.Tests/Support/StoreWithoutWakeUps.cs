using GeoOrchestration.Definitions;
using GeoOrchestration.Model;
using GeoOrchestration.Progress;
using GeoOrchestration.Store;

namespace GeoOrchestration.Sqlite.Tests.Support;

/// <summary>
/// A real store seen through the store contract alone, without the optional wake-up capability
/// (<see cref="IGeoStoreWakeUps"/>): what a store that cannot wake workers looks like to the engine.
/// Of the members with defaults it forwards only <see cref="WorkerActivityAsync"/>, so that it also
/// stands for a store without a worker registry (IGeoStore's defaults), whose waits fall back to it.
/// </summary>
internal sealed partial class StoreWithoutWakeUps(IGeoStore inner) : IGeoStore
{
    public Task<SchemaDeployResult> SchemaDeployAsync(SchemaDeployParams parameters, CancellationToken cancellationToken) => inner.SchemaDeployAsync(parameters, cancellationToken);
    public Task SchemaCheckAsync(CancellationToken cancellationToken) => inner.SchemaCheckAsync(cancellationToken);
    public Task<T> ExecuteAsync<T>(Func<IGeoStoreTransaction, CancellationToken, Task<T>> work, CancellationToken cancellationToken) => inner.ExecuteAsync(work, cancellationToken);
    public Task<SubmitResult> JobSubmitAsync(JobSubmitParams parameters, CancellationToken cancellationToken) => inner.JobSubmitAsync(parameters, cancellationToken);
    public Task<JobRecord?> JobGetAsync(JobGetParams parameters, CancellationToken cancellationToken) => inner.JobGetAsync(parameters, cancellationToken);
    public Task<IReadOnlyList<string>> JobFindAsync(JobFindParams parameters, CancellationToken cancellationToken) => inner.JobFindAsync(parameters, cancellationToken);
    public Task<IReadOnlyList<JobRecord>> JobListAsync(JobListParams parameters, CancellationToken cancellationToken) => inner.JobListAsync(parameters, cancellationToken);
    public Task<IReadOnlyList<TaskRecord>> TaskListAsync(TaskListParams parameters, CancellationToken cancellationToken) => inner.TaskListAsync(parameters, cancellationToken);
    public Task<long> JobCountAsync(JobCountParams parameters, CancellationToken cancellationToken) => inner.JobCountAsync(parameters, cancellationToken);
    public Task<long> TaskCountAsync(TaskCountParams parameters, CancellationToken cancellationToken) => inner.TaskCountAsync(parameters, cancellationToken);
    public Task<TaskRecord?> TaskGetAsync(TaskGetParams parameters, CancellationToken cancellationToken) => inner.TaskGetAsync(parameters, cancellationToken);
    public Task<WorkClaimOutcome> WorkClaimAsync(WorkClaimParams parameters, CancellationToken cancellationToken) => inner.WorkClaimAsync(parameters, cancellationToken);
    public Task<StageResults> StageResultsAsync(StageRef parameters, CancellationToken cancellationToken) => inner.StageResultsAsync(parameters, cancellationToken);
    public Task<IReadOnlyList<int>> StageTaskCountsAsync(JobRef parameters, CancellationToken cancellationToken) => inner.StageTaskCountsAsync(parameters, cancellationToken);
    public Task<WorkerActivity?> WorkerActivityAsync(CancellationToken cancellationToken) => inner.WorkerActivityAsync(cancellationToken);
    public Task<IReadOnlyList<LeaseRenewal>> LeaseRenewAsync(LeaseRenewParams parameters, CancellationToken cancellationToken) => inner.LeaseRenewAsync(parameters, cancellationToken);
    public Task<IReadOnlyList<JobEvent>> JobEventListAsync(JobEventListParams parameters, CancellationToken cancellationToken) => inner.JobEventListAsync(parameters, cancellationToken);
    public Task<IReadOnlyList<StageRecord>> StageListAsync(StageListParams parameters, CancellationToken cancellationToken) => inner.StageListAsync(parameters, cancellationToken);
    public Task<IReadOnlyList<WorkRecord>> WorkListAsync(WorkListParams parameters, CancellationToken cancellationToken) => inner.WorkListAsync(parameters, cancellationToken);
    public Task<JobRecord?> JobLatestRunAsync(JobLatestRunParams parameters, CancellationToken cancellationToken) => inner.JobLatestRunAsync(parameters, cancellationToken);
    public Task<JobChangeOutcome> JobDeleteAsync(JobDeleteParams parameters, CancellationToken cancellationToken) => inner.JobDeleteAsync(parameters, cancellationToken);
    public Task<LeasesElsewhere> LeasesElsewhereAsync(LeasesElsewhereParams parameters, CancellationToken cancellationToken) => inner.LeasesElsewhereAsync(parameters, cancellationToken);
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
