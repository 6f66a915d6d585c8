extern alias PublicErrors;
using GeoOrchestration.Errors;
using GeoOrchestration.PowerShell.Infrastructure;
using Public = PublicErrors::GeoOrchestration.Errors;

namespace GeoOrchestration.PowerShell.Tests;

/// <summary>
/// The exceptions error records carry: public types of the dependency-free assembly PowerShell's
/// default context loads (so scripts can catch them by name), one per engine category, with the
/// engine's exception inside and its message, id and details kept.
/// </summary>
public sealed class PublicErrorTests
{
    public static TheoryData<Exception, Type> EngineErrors() => new()
    {
        { new GeoValidationException("count", "minimum", "'count' must be >= 1."), typeof(Public.GeoValidationException) },
        { new GeoNotFoundException("Job", "0123456789abcdef"), typeof(Public.GeoNotFoundException) },
        { new GeoConflictException(GeoConflictException.JobStatusId, "Job x is completed.", "x"), typeof(Public.GeoConflictException) },
        { new GeoConfigurationException(GeoConfigurationException.SchemaNotDeployedId, "Schema geo is not deployed."), typeof(Public.GeoConfigurationException) },
        { new GeoStoreUnavailableException("The store could not be reached."), typeof(Public.GeoStoreUnavailableException) },
        { new GeoTimeoutException("Job x is still queued after 1 s."), typeof(Public.GeoTimeoutException) },
        { new JobInterruptedException("SIGTERM stopped it.", "x"), typeof(Public.GeoCancelledException) },
        { new PermanentTaskException("No such file."), typeof(Public.GeoPermanentException) },
        { new ContractViolationException("Duplicate task keys."), typeof(Public.GeoContractViolationException) },
        { new TransientTaskException("Try later."), typeof(Public.GeoTransientException) },
        { new InvalidOperationException("A bug."), typeof(Public.GeoInternalException) },
    };

    [Theory]
    [MemberData(nameof(EngineErrors))]
    public void ToRecord_EngineError_CarriesItsCategorysPublicType_WithTheEngineErrorInside(Exception engine, Type expected)
    {
        var record = ErrorMapping.ToRecord(engine, null);

        var carried = Assert.IsAssignableFrom<Public.GeoException>(record.Exception);
        Assert.IsType(expected, carried);
        Assert.Same(engine, carried.InnerException);
        Assert.Equal(engine.Message, carried.Message);
        Assert.Equal(GeoErrors.ErrorIdOf(engine), carried.ErrorId);
        Assert.Equal(record.CategoryInfo.Reason, carried.ErrorId);
        Assert.Equal(GeoErrors.CategoryOf(engine).ToString(), carried.Category.ToString());
    }

    [Fact]
    public void EveryEngineCategory_HasAPublicCategoryOfTheSameName()
    {
        Assert.Equal(Enum.GetNames<GeoErrorCategory>(), Enum.GetNames<Public.GeoErrorCategory>());
        // Each category is covered by the theory above.
        Assert.Equal(Enum.GetValues<GeoErrorCategory>().Length, EngineErrors().Select(row => GeoErrors.CategoryOf((Exception)row[0])).Distinct().Count());
    }

    [Fact]
    public void ValidationError_KeepsEveryBrokenRuleWithFieldAndRule()
    {
        var engine = new GeoValidationException([new("count", "maximum", "'count' must be <= 1000."), new("names", "exclusive", "Give one.")]);

        var carried = Assert.IsType<Public.GeoValidationException>(ErrorMapping.ToRecord(engine, null).Exception);

        Assert.Equal([("count", "maximum"), ("names", "exclusive")], carried.Errors.Select(e => (e.Field, e.Rule)));
    }

    [Fact]
    public void NotFoundAndConflict_KeepWhatWasAskedFor()
    {
        var missing = Assert.IsType<Public.GeoNotFoundException>(ErrorMapping.ToRecord(new GeoNotFoundException("Job", "abcdef0123456789"), null).Exception);
        Assert.Equal(("Job", "abcdef0123456789"), (missing.Kind, missing.Id));
        var conflict = Assert.IsType<Public.GeoConflictException>(ErrorMapping.ToRecord(new GeoConflictException("JobStatusConflict", "No.", "abc"), null).Exception);
        Assert.Equal("abc", conflict.Target);
    }

    [Fact]
    public void PublicErrorsAssembly_ReferencesOnlyTheFramework()
    {
        // Loaded into PowerShell's default context: a dependency would be another module's copy there.
        var references = typeof(Public.GeoException).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        Assert.All(references, name => Assert.True(name.StartsWith("System", StringComparison.Ordinal) || name is "netstandard" or "mscorlib", name));
    }

    [Fact]
    public void ModuleFolder_HoldsThePublicErrorsBesideTheCmdlets_NotInDependencies()
    {
        // dependencies/ is the private context's: there the types would be out of PowerShell's sight.
        Assert.True(File.Exists(Path.Combine(ModuleFolder.Path, "GeoOrchestration.PowerShell.Errors.dll")));
        Assert.False(File.Exists(Path.Combine(ModuleFolder.Path, "dependencies", "GeoOrchestration.PowerShell.Errors.dll")));
        Assert.Contains("GeoOrchestration.PowerShell.Errors.dll", File.ReadAllText(ModuleFolder.Manifest), StringComparison.Ordinal);
    }
}
