using YamlDotNet.RepresentationModel;

namespace GeoOrchestration.IntegrationTests.Deploy;

/// <summary>
/// The files under deploy/ as the tests read them: the repository's own copies (found from the test
/// assembly upwards), YAML parsed with YamlDotNet, and small helpers to walk the parsed nodes.
/// </summary>
internal static class DeployFiles
{
    /// <summary>The seconds a stopping worker needs after its grace to hand running tasks back and exit (a few
    /// database round trips; generous for a loaded machine). Every stop timeout must cover grace + this.</summary>
    public const int HandBackMarginSeconds = 5;

    /// <summary><c>docker stop</c>'s default timeout, in seconds.</summary>
    public const int DockerStopDefaultSeconds = 10;

    public static string Root { get; } = FindRoot();

    public static string PathOf(params string[] parts) => Path.Combine([Root, "deploy", .. parts]);

    /// <summary>Every document of a YAML file, each a mapping.</summary>
    public static IReadOnlyList<YamlMappingNode> LoadDocuments(string path) => Parse(File.ReadAllText(path), path);

    public static IReadOnlyList<YamlMappingNode> Parse(string yaml, string source)
    {
        var stream = new YamlStream();
        using (var reader = new StringReader(yaml)) stream.Load(reader);
        return stream.Documents.Select(d => d.RootNode as YamlMappingNode
            ?? throw new InvalidDataException($"{source}: a document that is not a mapping")).ToList();
    }

    /// <summary>The one document of <paramref name="kind"/> in <paramref name="documents"/>.</summary>
    public static YamlMappingNode Single(IEnumerable<YamlMappingNode> documents, string kind) =>
        Assert.Single(documents, d => Text(d, "kind") == kind);

    /// <summary>The node at a dotted path (<c>spec.template.spec</c>), or null.</summary>
    public static YamlNode? At(YamlNode node, string path)
    {
        foreach (var key in path.Split('.'))
        {
            if (node is not YamlMappingNode map || !map.Children.TryGetValue(new YamlScalarNode(key), out var child)) return null;
            node = child;
        }
        return node;
    }

    public static YamlMappingNode Map(YamlNode node, string path) =>
        At(node, path) as YamlMappingNode ?? throw new Xunit.Sdk.XunitException($"no mapping at {path}");

    public static IReadOnlyList<YamlNode> Seq(YamlNode node, string path) =>
        (At(node, path) as YamlSequenceNode)?.Children.ToList() ?? throw new Xunit.Sdk.XunitException($"no sequence at {path}");

    public static string? Text(YamlNode node, string path) => (At(node, path) as YamlScalarNode)?.Value;

    public static IReadOnlyList<string> Strings(YamlNode node, string path) =>
        Seq(node, path).Select(n => ((YamlScalarNode)n).Value!).ToList();

    /// <summary>A container's <c>env</c> entries by name (value: literal values only).</summary>
    public static IReadOnlyDictionary<string, string?> Env(YamlNode container) =>
        (At(container, "env") as YamlSequenceNode)?.Children.ToDictionary(e => Text(e, "name")!, e => Text(e, "value"))
        ?? new Dictionary<string, string?>();

    /// <summary>A seconds value as a whole number: 40, "40", 40s, 1m30s (compose's duration form).</summary>
    public static int Seconds(string text)
    {
        var match = System.Text.RegularExpressions.Regex.Match(text.Trim(), @"^(?:(\d+)m)?(?:(\d+)s?)?$");
        Assert.True(match.Success && text.Trim().Length > 0, $"'{text}' is not a number of seconds");
        return (match.Groups[1].Success ? int.Parse(match.Groups[1].Value) * 60 : 0) + (match.Groups[2].Success ? int.Parse(match.Groups[2].Value) : 0);
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            if (File.Exists(Path.Combine(directory.FullName, "GeoOrchestration.sln"))) return directory.FullName;
        throw new InvalidOperationException($"No GeoOrchestration.sln above {AppContext.BaseDirectory}.");
    }
}
