using System.Collections;
using GeoOrchestration.Definitions;
using GeoOrchestration.Errors;
using GeoOrchestration.Store;

namespace GeoOrchestration.Engine;

/// <summary>
/// The results of a completed stage as a fan-out planner gets them: read from the store a page at a
/// time while the planner enumerates (<see cref="IGeoStore.StageResultsPageAsync"/>, a keyset seek per
/// page), so planning after a stage of a million results holds one page of them, never the stage.
/// <see cref="Count"/> is known up front (the stage counter less the tolerated failures); the indexer
/// reaches the first page only (see <see cref="this[int]"/>).
/// </summary>
/// <remarks>
/// Each enumeration reads the stage again from its second page on (the first is kept: it is what the
/// indexer serves), which is what lets a store retry a plan transaction or name a repeated task key by
/// running the planner a second time. An enumeration that finds a different number of results than
/// <see cref="Count"/> throws a <see cref="ContractViolationException"/>: the stage was read as finished
/// while a task of it was not (what the whole read refuses as it reads).
/// </remarks>
internal sealed class StageResultPages : IReadOnlyList<StageResult>
{
    /// <summary>Results of the first page: what the indexer reaches, and the first read's size.</summary>
    public const int FirstPageRows = 100;

    /// <summary>Results of a later page at most.</summary>
    public const int MaxPageRows = 1000;

    /// <summary>
    /// About how much JSON text (characters) a later page holds: its size is this over the previous
    /// page's mean result length, between 1 and <see cref="MaxPageRows"/>. A listing page of a thousand
    /// files (~150,000 characters) is then read some 13 at a time, a small result a thousand at a time.
    /// </summary>
    public const long PageChars = 2_000_000;

    private readonly IGeoStore _store;
    private readonly string _jobId;
    private readonly int _stage;
    private readonly StageResultsPage _first;
    private readonly CancellationToken _cancellationToken;

    private StageResultPages(IGeoStore store, string jobId, int stage, int count, StageResultsPage first, CancellationToken cancellationToken)
    {
        _store = store;
        _jobId = jobId;
        _stage = stage;
        Count = count;
        _first = first;
        _cancellationToken = cancellationToken;
    }

    /// <summary>
    /// A completed stage's results to be enumerated page by page, with its tolerated failures (read
    /// whole: they are few) and its first page (read here, asynchronously, before planning starts).
    /// </summary>
    /// <param name="cancellationToken">Stops this read and every page read of the enumerations to come (the planning's token).</param>
    /// <exception cref="ContractViolationException">The stage was never planned.</exception>
    public static async Task<StageResults> ReadAsync(IGeoStore store, string jobId, int stage, CancellationToken cancellationToken)
    {
        var record = (await store.StageListAsync(new StageListParams(jobId), cancellationToken)).FirstOrDefault(s => s.Stage == stage)
            ?? throw new ContractViolationException($"Stage {stage} of job {jobId} was read as finished, but it was never planned.");
        var failures = (await store.TaskFailuresAsync(new JobRef(jobId), cancellationToken)).Where(f => f.Stage == stage).ToList();
        var first = await store.StageResultsPageAsync(new StageResultsPageParams(jobId, stage, After: null, FirstPageRows), cancellationToken);
        return new StageResults(stage, new StageResultPages(store, jobId, stage, record.TaskCount - failures.Count, first, cancellationToken), failures);
    }

    /// <summary>How many tasks of the stage completed: its task count less its tolerated failures, known without reading the results.</summary>
    public int Count { get; }

    /// <summary>A result of the first page (the first <see cref="FirstPageRows"/> results, or all of a smaller stage).</summary>
    /// <exception cref="ContractViolationException">The index is past the first page: a planner must enumerate a large stage, not index it.</exception>
    public StageResult this[int index]
    {
        get
        {
            if (index >= 0 && index < _first.Results.Count) return _first.Results[index];
            if (index < 0 || index >= Count) throw new ArgumentOutOfRangeException(nameof(index), index, $"Stage {_stage} has {Count} results.");
            throw new ContractViolationException(
                $"Result {index} of stage {_stage} was asked for by position, but a fan-out planner gets the previous stage's results " +
                $"as a stream read page by page: only the first {_first.Results.Count} can be indexed. Enumerate them (foreach, Select) instead.");
        }
    }

    public IEnumerator<StageResult> GetEnumerator()
    {
        var page = _first;
        var seen = 0;
        while (true)
        {
            foreach (var result in page.Results)
            {
                seen++;
                yield return result;
            }
            if (page.Next is not { } after) break;
            // The page before is let go here: one page is held at a time (and the first, kept for the indexer).
            page = Read(new StageResultsPageParams(_jobId, _stage, after, NextLimit(page)));
        }
        if (seen != Count)
            throw new ContractViolationException(
                $"Stage {_stage} of job {_jobId} was read as finished with {Count} completed tasks, but its pages held {seen}: a task of it has not ended.");
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>
    /// A page read from inside a synchronous enumeration: planners are synchronous iterators
    /// (<c>IEnumerable&lt;TaskPlan&gt;</c>) that the store consumes as it writes, and the read is
    /// asynchronous, so the planning thread blocks on it. The read runs on the thread pool
    /// (<see cref="Task.Run(Func{Task})"/>), so its continuations never need the blocked thread, whatever
    /// synchronization context the caller has (a PowerShell host's). Blocking is safe where planning runs:
    /// the planner is enumerated by one worker slot's plan step (one thread-pool thread held per plan in
    /// progress, for one page read at a time), and the read takes nothing the plan holds. On SQLite
    /// planning enumerates outside the write transaction (the head of the plan, then each chunk, is
    /// produced before the write that stores it), and a read uses a read-only WAL connection that no
    /// writer blocks, never the writer gate. On PostgreSQL the plan's one transaction holds a pooled
    /// connection while the planner runs (binary COPY), and the read takes a connection from the store's
    /// page-read pool, which no transaction holds, so a pool exhausted by planning transactions cannot
    /// leave their reads waiting for each other.
    /// </summary>
    private StageResultsPage Read(StageResultsPageParams parameters)
    {
        var store = _store;
        var cancellationToken = _cancellationToken;
        return Task.Run(() => store.StageResultsPageAsync(parameters, cancellationToken), cancellationToken).GetAwaiter().GetResult();
    }

    /// <summary>The next page's size: about <see cref="PageChars"/> of JSON, between 1 and <see cref="MaxPageRows"/> results.</summary>
    internal static int NextLimit(StageResultsPage page)
    {
        if (page.Results.Count == 0 || page.ResultChars <= 0) return MaxPageRows;
        var mean = Math.Max(1, page.ResultChars / page.Results.Count);
        return (int)Math.Clamp(PageChars / mean, 1, MaxPageRows);
    }
}
