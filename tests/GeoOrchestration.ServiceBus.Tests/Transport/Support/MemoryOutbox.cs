using GeoOrchestration.Errors;
using GeoOrchestration.Store;

namespace GeoOrchestration.ServiceBus.Tests.Transport.Support;

/// <summary>
/// A small, real <see cref="IGeoStoreOutbox"/> in memory with the store's rules: one current turn per item,
/// marking and named claims are compare-and-set on it, a claimed item is no longer listed. It counts what
/// it was asked, can hold listings at a gate and can fail claims, so library tests watch the relay and
/// the claims without a database.
/// </summary>
internal sealed class MemoryOutbox(TimeProvider time) : IGeoStoreOutbox
{
    private readonly object _gate = new();
    private readonly Dictionary<(WorkKind, string, int, string?), Row> _rows = new();
    private readonly List<Action> _subscribers = [];
    private int _lists;

    private sealed class Row(WorkAttempt attempt, DateTimeOffset readyAt, DateTimeOffset dueAt)
    {
        public WorkAttempt Attempt { get; set; } = attempt;
        public DateTimeOffset ReadyAt { get; set; } = readyAt;
        public DateTimeOffset DueAt { get; set; } = dueAt;
        public DateTimeOffset? DispatchedAt { get; set; }
        public string? ClaimedBy { get; set; }
        public int Marks { get; set; }
    }

    /// <summary>Listings asked for so far.</summary>
    public int Lists => Volatile.Read(ref _lists);

    /// <summary>When set, every listing waits for it first.</summary>
    public TaskCompletionSource? ListGate { get; set; }

    /// <summary>When set, named claims throw it (a database that cannot be reached).</summary>
    public Exception? ClaimFailure { get; set; }

    /// <summary>Makes an attempt ready (a new turn replaces the item's old one), due after <paramref name="dueIn"/>, and tells the subscribers as a commit would.</summary>
    public void Ready(WorkAttempt attempt, TimeSpan dueIn = default)
    {
        var now = time.GetUtcNow();
        lock (_gate) _rows[Key(attempt)] = new Row(attempt, now, now + dueIn);
        Action[] subscribers;
        lock (_gate) subscribers = [.. _subscribers];
        foreach (var subscriber in subscribers) subscriber();
    }

    /// <summary>Whether the attempt is the item's current turn and marked dispatched.</summary>
    public bool IsDispatched(WorkAttempt attempt)
    {
        lock (_gate) return _rows.TryGetValue(Key(attempt), out var row) && row.Attempt == attempt && row.DispatchedAt is not null;
    }

    /// <summary>How often the attempt was marked.</summary>
    public int Marks(WorkAttempt attempt)
    {
        lock (_gate) return _rows.TryGetValue(Key(attempt), out var row) && row.Attempt == attempt ? row.Marks : 0;
    }

    /// <summary>Who claimed the attempt; null when nobody did.</summary>
    public string? ClaimedBy(WorkAttempt attempt)
    {
        lock (_gate) return _rows.TryGetValue(Key(attempt), out var row) && row.Attempt == attempt ? row.ClaimedBy : null;
    }

    public IDisposable WorkCommittedSubscribe(Action onCommitted)
    {
        lock (_gate) _subscribers.Add(onCommitted);
        return new Unsubscribe(() => { lock (_gate) _subscribers.Remove(onCommitted); });
    }

    public async Task<IReadOnlyList<OutboxEntry>> OutboxListAsync(OutboxListParams parameters, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _lists);
        if (ListGate is { } gate) await gate.Task.WaitAsync(cancellationToken);
        var now = time.GetUtcNow();
        lock (_gate)
            return _rows.Values
                .Where(r => r.ClaimedBy is null && (r.DispatchedAt is null
                    ? now - r.ReadyAt >= parameters.ReadyFor
                    : parameters.StrandedAfter is { } stranded && now - r.DispatchedAt >= stranded))
                .OrderBy(r => r.ReadyAt)
                .Take(parameters.Limit)
                .Select(r => new OutboxEntry(r.Attempt, r.DueAt > now ? r.DueAt - now : TimeSpan.Zero, now - (r.DispatchedAt ?? r.ReadyAt)))
                .ToList();
    }

    public Task<int> OutboxMarkAsync(OutboxMarkParams parameters, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var marked = 0;
        lock (_gate)
            foreach (var attempt in parameters.Attempts)
                if (_rows.TryGetValue(Key(attempt), out var row) && row.Attempt == attempt && row.ClaimedBy is null)
                {
                    row.DispatchedAt = now;
                    row.Marks++;
                    marked++;
                }
        return Task.FromResult(marked);
    }

    public Task<WorkClaimOutcome> WorkClaimNamedAsync(WorkClaimNamedParams parameters, CancellationToken cancellationToken)
    {
        if (ClaimFailure is { } failure) throw failure;
        var items = new List<WorkItem>();
        lock (_gate)
            foreach (var attempt in parameters.Attempts)
                if (_rows.TryGetValue(Key(attempt), out var row) && row.Attempt == attempt && row.ClaimedBy is null)
                {
                    row.ClaimedBy = parameters.WorkerId;
                    items.Add(new WorkItem { Kind = attempt.Kind, JobId = attempt.JobId, Stage = attempt.Stage, TaskId = attempt.TaskId, Attempt = attempt.Turn });
                }
        return Task.FromResult(new WorkClaimOutcome(items.OrderBy(i => i.Kind == WorkKind.RunTask).ToList(), null));
    }

    public Task<OutboxBacklog> OutboxBacklogAsync(OutboxBacklogParams parameters, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            var waiting = _rows.Values.Where(r => r.ClaimedBy is null && r.DispatchedAt is null && r.DueAt <= now && (parameters.JobId is null || r.Attempt.JobId == parameters.JobId)).ToList();
            return Task.FromResult(new OutboxBacklog(waiting.Count, waiting.Count == 0 ? null : now - waiting.Min(r => r.ReadyAt)));
        }
    }

    private static (WorkKind, string, int, string?) Key(WorkAttempt attempt) => (attempt.Kind, attempt.JobId, attempt.Kind == WorkKind.RunTask ? 0 : attempt.Stage, attempt.TaskId);

    private sealed class Unsubscribe(Action action) : IDisposable
    {
        public void Dispose() => action();
    }
}
