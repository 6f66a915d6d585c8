using GeoOrchestration.Definitions;

namespace GeoOrchestration.Store;

/// <summary>One page of a completed stage's results (<see cref="IGeoStore.StageResultsPageAsync"/>).</summary>
/// <param name="Results">The completed tasks' results in plan order; tolerated failures are not among them.</param>
/// <param name="Next">Where the next page starts (its <see cref="StageResultsPageParams.After"/>); null when this page is the last.</param>
/// <param name="ResultChars">
/// The length of this page's results as the JSON text the store holds, in characters; 0 when the store does
/// not say. The engine sizes the next page from it, so that a stage of large results (a listing page of a
/// thousand files each) is read a few at a time and one of small results a thousand at a time.
/// </param>
public sealed record StageResultsPage(IReadOnlyList<StageResult> Results, int? Next, long ResultChars);
