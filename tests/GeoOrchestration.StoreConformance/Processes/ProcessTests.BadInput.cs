using System.Text.Json.Nodes;
using GeoOrchestration.Store;
using GeoOrchestration.StoreConformance.Support;

namespace GeoOrchestration.StoreConformance;

/// <summary>
/// The bad-input table (<see cref="BadInputTable"/>), row by row, through real <c>geoorch</c>
/// processes on the test's store: each row exits with its documented code and one line naming the
/// field and the rule (with <c>--output json</c>, an error object carrying both), and writes
/// nothing, as the store's own queries tell. Rows about <c>run</c>, and one per other command, run
/// on a store nothing has deployed, which must not be created either.
/// </summary>
public abstract partial class ProcessTests
{
    [Theory]
    [MemberData(nameof(BadInputTable.OnDeployedStore), MemberType = typeof(BadInputTable))]
    public async Task BadInput_IsRefusedWithItsExitCodeAndOneLineNamingTheFieldAndRule_AndWritesNothing(string row)
    {
        var bad = BadInputTable.Row(row);
        // A store with jobs in it, so that a write to one of them would show too.
        var jobId = (await Client.SubmitAsync("noop", new JsonObject { ["label"] = Guid.NewGuid().ToString() })).Job.JobId;
        var twin = bad.Arguments.Contains("{twin}") ? await TwinPrefixAsync() : "";
        var before = await StoreSnapshot.TakeAsync(Store);

        var result = await RunBadInputAsync(bad, ProcessEnvironment, jobId, twin);

        AssertRefused(bad, result, twin);
        Assert.Equal(before, await StoreSnapshot.TakeAsync(Store));
    }

    [Theory]
    [MemberData(nameof(BadInputTable.OnUndeployedStore), MemberType = typeof(BadInputTable))]
    public async Task BadInput_OnAStoreNotYetDeployed_IsRefusedAndCreatesNothing_NotEvenTheSchema(string row)
    {
        var bad = BadInputTable.Row(row);
        var empty = await StoreHarness.CreateUndeployedAsync(default);
        try
        {
            var result = await RunBadInputAsync(bad, empty.ProcessEnvironment, jobId: "0123456789abcdef", twin: "");

            AssertRefused(bad, result, twin: "");
            Assert.False(await empty.SchemaExistsAsync(default), $"{empty.Name} was created by: geoorch {string.Join(' ', bad.Arguments).Replace("\0", "\\0")}");
        }
        finally
        {
            await empty.DropAsync(default);
        }
    }

    /// <summary>Two jobs whose ids share their first 20 characters (through the store: no real request collides so early); their shared 12.</summary>
    private async Task<string> TwinPrefixAsync()
    {
        var stem = Guid.NewGuid().ToString("N")[..20];
        foreach (var tail in new[] { '3', '4' })
            await Store.JobSubmitAsync(new JobSubmitParams(stem + new string(tail, 44), "noop", new JsonObject { ["label"] = tail.ToString() }, 1), default);
        return stem[..12];
    }

    /// <summary>
    /// Runs the row's command line. An argument holding NUL, which no command line can carry, goes
    /// in a response file of its own (<c>@file</c>: one token per line, expanded by the parser).
    /// </summary>
    private static async Task<Geoorch.Result> RunBadInputAsync(BadInputRow bad, IReadOnlyDictionary<string, string?> environment, string jobId, string twin)
    {
        var folder = Directory.CreateTempSubdirectory("geoorch-badinput-").FullName;
        try
        {
            var arguments = new List<string>();
            if (bad.Json) arguments.AddRange(["--output", "json"]);
            foreach (var argument in bad.Arguments.Select(a => a.Replace("{job}", jobId).Replace("{twin}", twin)))
            {
                if (!argument.Contains('\0'))
                {
                    arguments.Add(argument);
                    continue;
                }
                var file = Path.Combine(folder, $"argument{arguments.Count}.rsp");
                await File.WriteAllTextAsync(file, argument + "\n");
                arguments.Add("@" + file);
            }
            return await Geoorch.RunAsync(arguments, environment);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static void AssertRefused(BadInputRow bad, Geoorch.Result result, string twin)
    {
        CliAssert.OneLineError(result, bad.ExitCode, bad.Line.Replace("{twin}", twin));
        if (!bad.Json)
        {
            Assert.True(result.Stdout.Length == 0, $"stdout: {result.Stdout}");
            return;
        }
        var error = result.Json["error"]!;
        var category = bad.ExitCode == 3 ? "not_found" : "validation";
        Assert.Equal((bad.ErrorId, category), (error["id"]!.GetValue<string>(), error["category"]!.GetValue<string>()));
        var fields = error["fields"]?.AsArray().Select(f => $"{f!["field"]!.GetValue<string>()}:{f["rule"]!.GetValue<string>()}") ?? [];
        Assert.Equal(bad.Fields, fields);
    }
}
