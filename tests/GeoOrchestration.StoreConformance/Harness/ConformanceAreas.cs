using System.Reflection;

namespace GeoOrchestration.StoreConformance.Harness;

/// <summary>
/// The areas of the suite (abstract subclasses of <see cref="StoreConformanceTests"/> with tests of
/// their own) and the check that a store's test project runs every one of them: a new area, or a
/// test added to the shared base (which every area would then run again), is noticed by each
/// store's project instead of being silently left out or run many times.
/// </summary>
public static class ConformanceAreas
{
    /// <summary>Every area of the suite, by name.</summary>
    public static IReadOnlyList<Type> All { get; } = typeof(StoreConformanceTests).Assembly.GetTypes()
        .Where(t => t.IsAbstract && t.IsSubclassOf(typeof(StoreConformanceTests)) && DeclaresTests(t))
        .OrderBy(t => t.Name, StringComparer.Ordinal).ToList();

    /// <summary>Fails unless <paramref name="storeTests"/> holds exactly one concrete subclass of every area, and the base holds no test.</summary>
    public static void AssertEachRunsIn(Assembly storeTests)
    {
        Assert.False(DeclaresTests(typeof(StoreConformanceTests)),
            $"{nameof(StoreConformanceTests)} declares tests: every area would run them; put them in an area class.");
        var subclasses = storeTests.GetTypes().Where(t => !t.IsAbstract && t.IsSubclassOf(typeof(StoreConformanceTests))).ToList();
        var missing = All.Where(area => subclasses.Count(s => s.IsSubclassOf(area)) != 1).Select(a => a.Name).ToList();
        Assert.True(missing.Count == 0, $"{storeTests.GetName().Name} needs exactly one subclass of each of: {string.Join(", ", missing)}");
    }

    private static bool DeclaresTests(Type type) =>
        type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly).Any(m => m.IsDefined(typeof(FactAttribute), inherit: true));
}
