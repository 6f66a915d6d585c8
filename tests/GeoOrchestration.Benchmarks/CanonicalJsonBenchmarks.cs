using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using GeoOrchestration.Parameters;

namespace GeoOrchestration.Benchmarks;

/// <summary>
/// Every planned task's parameters and every result are written through CanonicalJson: its cost is
/// paid once per task on the plan path and once on the completion path.
/// </summary>
[MemoryDiagnoser]
public class CanonicalJsonBenchmarks
{
    private readonly JsonObject _taskParameters = new() { ["delay_ms"] = 0, ["fail_first_attempt"] = false };
    private readonly JsonObject _result = new() { ["worker"] = "host-1234-5678", ["attempt"] = 1 };
    private readonly JsonNode _parsed = JsonNode.Parse("""{"tile":{"y":12,"x":7,"z":14},"bands":[1,2,3],"scale":0.5,"source":"s3://bucket/key.tif"}""")!;

    [Benchmark(Baseline = true)]
    public string OrderedTaskParameters() => CanonicalJson.SerializeToString(_taskParameters);

    [Benchmark]
    public string UnorderedResult() => CanonicalJson.SerializeToString(_result);

    [Benchmark]
    public string ParsedNestedDocument() => CanonicalJson.SerializeToString(_parsed);
}
