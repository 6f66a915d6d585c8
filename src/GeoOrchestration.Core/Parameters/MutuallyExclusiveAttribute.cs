namespace GeoOrchestration.Parameters;

/// <summary>
/// Declares, on a parameters class, parameters of which a caller may give at most one: giving two
/// is refused, naming both. When one of them is given, the others' defaults are not applied, so a
/// default that the job does not use cannot change its id. Repeat the attribute for more groups.
/// </summary>
/// <example><c>[MutuallyExclusive("count", "names")]</c></example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true)]
public sealed class MutuallyExclusiveAttribute(params string[] names) : Attribute
{
    /// <summary>The parameters' names (as in <see cref="ParameterAttribute.Name"/>); at least two, none required.</summary>
    public IReadOnlyList<string> Names { get; } = names;
}
