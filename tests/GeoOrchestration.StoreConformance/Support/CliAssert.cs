namespace GeoOrchestration.StoreConformance.Support;

/// <summary>The executable's error contract: an exit code and exactly one line on stderr, without a stack.</summary>
public static class CliAssert
{
    public static string OneLineError(Geoorch.Result result, int exitCode, params string[] expected)
    {
        Assert.True(exitCode == result.ExitCode, $"exit {result.ExitCode}, expected {exitCode}; stderr: {result.Stderr}");
        var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("geoorch: ", line);
        foreach (var text in expected) Assert.Contains(text, line);
        Assert.DoesNotContain("   at ", result.Stderr);
        Assert.DoesNotContain("System.", line); // no .NET type names
        Assert.DoesNotContain("Unexpected error", line);
        return line;
    }
}
