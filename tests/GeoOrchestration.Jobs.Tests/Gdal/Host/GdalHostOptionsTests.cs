using GeoOrchestration.Errors;
using GeoOrchestration.Jobs.Gdal;

namespace GeoOrchestration.Jobs.Tests.Gdal.Host;

/// <summary>Runs alone: it sets GEO_GDAL_* in this process's environment for a moment.</summary>
[Collection(nameof(ProcessEnvironmentCollection))]
public sealed class GdalHostOptionsTests
{
    [Fact]
    public void FromEnvironment_VariablesSet_OverrideTheDefaults()
    {
        var options = WithVariables(("GEO_GDAL_HOSTS", "3"), ("GEO_GDAL_HOST_FILES", "7"), ("GEO_GDAL_HOST_MEMORY_MB", "100"),
            GdalHostOptions.FromEnvironment);

        Assert.Equal(3, options.MaxHosts);
        Assert.Equal(7, options.MaxFilesPerHost);
        Assert.Equal(100L * 1024 * 1024, options.MemoryCeilingBytes);
    }

    [Fact]
    public void FromEnvironment_NoVariables_TheDocumentedDefaults()
    {
        var options = WithVariables(("GEO_GDAL_HOSTS", ""), ("GEO_GDAL_HOST_FILES", ""), ("GEO_GDAL_HOST_MEMORY_MB", " "),
            GdalHostOptions.FromEnvironment);

        Assert.Equal(Environment.ProcessorCount, options.MaxHosts);
        Assert.Equal(500, options.MaxFilesPerHost);
        Assert.Equal(2048L * 1024 * 1024, options.MemoryCeilingBytes);
        Assert.Equal(TimeSpan.FromSeconds(60), options.IdleTimeout);
    }

    [Theory]
    [InlineData("GEO_GDAL_HOSTS", "eight")]
    [InlineData("GEO_GDAL_HOST_FILES", "0")]
    [InlineData("GEO_GDAL_HOST_MEMORY_MB", "-5")]
    public void FromEnvironment_NotAPositiveWholeNumber_IsAConfigurationErrorNamingTheVariable(string variable, string value)
    {
        var e = Assert.Throws<GeoConfigurationException>(() =>
            WithVariables((variable, value), ("GEO_GDAL_UNUSED", ""), ("GEO_GDAL_UNUSED2", ""), GdalHostOptions.FromEnvironment));

        Assert.Contains(variable, e.Message);
        Assert.Contains($"'{value}'", e.Message);
    }

    private static T WithVariables<T>((string Name, string Value) a, (string Name, string Value) b, (string Name, string Value) c, Func<T> read)
    {
        var set = new[] { a, b, c };
        var before = set.ToDictionary(v => v.Name, v => Environment.GetEnvironmentVariable(v.Name));
        try
        {
            foreach (var (name, value) in set) Environment.SetEnvironmentVariable(name, value.Length == 0 ? null : value);
            return read();
        }
        finally
        {
            foreach (var (name, value) in before) Environment.SetEnvironmentVariable(name, value);
        }
    }
}
