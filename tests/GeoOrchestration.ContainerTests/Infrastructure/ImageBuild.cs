using System.Diagnostics;

namespace GeoOrchestration.ContainerTests.Infrastructure;

/// <summary>
/// Builds the images once per test run the way users and CI do, with <c>deploy/build-images.sh</c>
/// (which makes the local bases when missing and caches layers), and passes every line it prints
/// (each image's name, size and build seconds) on to the run's output.
/// </summary>
public static class ImageBuild
{
    public const string Script = "deploy/build-images.sh";

    // Cold, on a loaded 2-core machine, the two images take minutes (apt-get of GDAL, the publish, the
    // module's package); the bound only keeps a hung build from holding CI for ever.
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(30);

    /// <summary>Builds each image in turn (the script takes one target per call), then checks that each exists.</summary>
    public static async Task RunAsync(Action<string> say, params (string Target, string Image)[] images)
    {
        var script = Path.Combine(RepositoryRoot.Path, Script);
        if (!File.Exists(script))
            throw new InvalidOperationException($"{Script} is missing from {RepositoryRoot.Path}: the container tests build their images with it.");
        foreach (var (target, image) in images)
        {
            var clock = Stopwatch.StartNew();
            var result = await ProcessRun.RunAsync("bash", [script, target], Limit, RepositoryRoot.Path, line => say($"build-images: {line}"));
            if (result.ExitCode != 0)
                throw new InvalidOperationException(
                    $"bash {Script} {target} failed ({result.ExitCode}) after {clock.Elapsed.TotalSeconds:F0} s; its output ends:\n{Tail(result.Output, 40)}");
            say($"build-images: {target} done in {clock.Elapsed.TotalSeconds:F1} s in all (publish or package, then docker build)");
            var inspected = await DockerCommand.RunAsync(["image", "inspect", "--format", "{{.Size}}", image]);
            if (inspected.ExitCode != 0)
                throw new InvalidOperationException($"bash {Script} {target} succeeded but made no image {image}: {inspected.Output}");
        }
    }

    private static string Tail(string text, int lines) => string.Join('\n', text.Split('\n').TakeLast(lines));
}
