using GeoOrchestration.Store;

namespace GeoOrchestration.Sqlite.Tests.Support;

/// <summary>Retention, passed through to the real store.</summary>
internal sealed partial class StoreWithoutWakeUps
{
    public Task<RetentionPolicy> RetentionGetAsync(CancellationToken cancellationToken) => inner.RetentionGetAsync(cancellationToken);
    public Task<RetentionPolicy> RetentionSetAsync(RetentionSetParams parameters, CancellationToken cancellationToken) => inner.RetentionSetAsync(parameters, cancellationToken);
    public Task<PruneCount> PruneCountAsync(PruneCountParams parameters, CancellationToken cancellationToken) => inner.PruneCountAsync(parameters, cancellationToken);
    public Task<PruneBatchResult> PruneBatchAsync(PruneBatchParams parameters, CancellationToken cancellationToken) => inner.PruneBatchAsync(parameters, cancellationToken);
}
