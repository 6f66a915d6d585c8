using System.Management.Automation;

namespace GeoOrchestration.PowerShell.Infrastructure;

/// <summary>
/// <c>-Skip</c> and <c>-First</c> (PowerShell's <c>SupportsPaging</c>) as the engine's queries take
/// them, and applied here to output no single query pages: the jobs that several ids and patterns
/// name, counted across all of them in input order.
/// </summary>
internal sealed class OutputPage(PagingParameters paging)
{
    private ulong _skip = paging.Skip;
    private ulong _first = paging.First;

    /// <summary>How many items were offered to <see cref="Take"/>: the total for <c>-IncludeTotalCount</c>.</summary>
    public ulong Offered { get; private set; }

    /// <summary>Whether <c>-First</c> items have been taken: nothing more will be.</summary>
    public bool Full => _first == 0;

    /// <summary>Whether the next item is on the page (counted either way).</summary>
    public bool Take()
    {
        Offered++;
        if (_skip > 0)
        {
            _skip--;
            return false;
        }
        if (_first == 0) return false;
        _first--;
        return true;
    }

    /// <summary><c>-First</c> for an engine query: null when not given (PowerShell's default is <see cref="ulong.MaxValue"/>).</summary>
    public static int? FirstOf(PagingParameters paging) => paging.First >= int.MaxValue ? null : (int)paging.First;

    /// <summary><c>-Skip</c> for an engine query.</summary>
    public static int SkipOf(PagingParameters paging) => (int)Math.Min(paging.Skip, int.MaxValue);
}
