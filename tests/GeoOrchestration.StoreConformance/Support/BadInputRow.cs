namespace GeoOrchestration.StoreConformance.Support;

/// <summary>
/// One row of the bad-input table (<see cref="BadInputTable"/>): what a user types after
/// <c>geoorch</c>, and how it must be refused.
/// </summary>
/// <param name="Name">Names the row in the test's name; unique in the table.</param>
/// <param name="Arguments">
/// The command line after <c>geoorch</c>. <c>{job}</c> stands for the id of a job the test submitted
/// first, <c>{twin}</c> for a prefix two of its jobs share. An argument holding a NUL character,
/// which no command line can carry, reaches geoorch through a response file (<c>@file</c>), as a
/// user's script could pass it.
/// </param>
/// <param name="ExitCode">The documented exit code (2 bad input, 3 not found).</param>
/// <param name="Line">What the one line on stderr must say: the field or option, and the rule in words.</param>
/// <param name="ErrorId">The error object's id with <c>--output json</c>: InvalidUsage (the parser refused the command line), InvalidInput, NotFound.</param>
/// <param name="Fields">Each broken rule in the error object, as <c>field:rule</c>; none for a usage error or a job not found.</param>
public sealed record BadInputRow(string Name, string[] Arguments, int ExitCode, string Line, string ErrorId, string[] Fields)
{
    /// <summary>False where the row is about <c>--output</c> itself; otherwise the row runs with <c>--output json</c> so that the field and rule can be read.</summary>
    public bool Json { get; init; } = true;

    /// <summary>
    /// Run on a store nothing has deployed yet, which the command must not create either: <c>run</c>
    /// deploys the schema itself, and the embedded store creates its file on first use, but bad
    /// input is refused before either.
    /// </summary>
    public bool Undeployed { get; init; }

    public override string ToString() => Name;
}
