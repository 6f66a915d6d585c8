using YamlDotNet.RepresentationModel;
using static GeoOrchestration.IntegrationTests.Deploy.DeployFiles;

namespace GeoOrchestration.IntegrationTests.Deploy;

/// <summary>
/// The Kubernetes and KEDA examples under deploy/kubernetes parse, and hold what a worker needs there:
/// the health probes, a non-root user with a read-only root and a writable heartbeat folder, a
/// termination grace that covers the worker's shutdown grace and the hand-back, and scalers that
/// target the worker (the KEDA postgresql query itself is run by <see cref="KedaQueryTests"/>).
/// </summary>
public sealed class KubernetesManifestTests
{
    private static IReadOnlyList<YamlMappingNode> Load(string file) => LoadDocuments(PathOf("kubernetes", file));

    public static TheoryData<string, string[]> Files => new()
    {
        { "worker.yaml", ["Secret", "Deployment"] },
        { "keda-postgresql.yaml", ["Secret", "TriggerAuthentication", "ScaledObject"] },
        { "keda-servicebus.yaml", ["TriggerAuthentication", "ScaledObject"] },
        { "raster-scaledjob.yaml", ["ScaledJob"] },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void Manifest_Parses_WithTheKindsItMustHave_EachNamed(string file, string[] kinds)
    {
        var documents = Load(file);

        Assert.Equal(kinds, documents.Select(d => Text(d, "kind")));
        Assert.All(documents, d =>
        {
            Assert.False(string.IsNullOrEmpty(Text(d, "apiVersion")));
            Assert.False(string.IsNullOrEmpty(Text(d, "metadata.name")));
        });
        // Every manifest file of the folder is one of these (a new one gets its checks here).
        Assert.Equal(Files.Select(row => (string)row[0]).Order(),
            Directory.GetFiles(PathOf("kubernetes"), "*.yaml").Select(Path.GetFileName).Order());
    }

    [Fact]
    public void WorkerDeployment_ProbesTheHeartbeatForLiveness_AndTheStoreForReadiness()
    {
        var container = WorkerContainer(Single(Load("worker.yaml"), "Deployment"));

        Assert.Equal(["geoorch", "health", "--liveness"], Strings(container, "livenessProbe.exec.command"));
        Assert.Equal(["geoorch", "health"], Strings(container, "readinessProbe.exec.command"));
        Assert.Equal(["worker"], Strings(container, "args"));
        // Configuration by environment: the connection from the Secret, the rest as values.
        Assert.Equal("geo-worker", Text(Seq(container, "envFrom")[0], "secretRef.name"));
        Assert.Equal("GEO_CONNECTION", Assert.Single(Load("worker.yaml").Where(d => Text(d, "kind") == "Secret")
            .SelectMany(d => Map(d, "stringData").Children.Keys.Select(k => ((YamlScalarNode)k).Value)), k => k == "GEO_CONNECTION"));
    }

    public static TheoryData<string, string> Workers => new() { { "worker.yaml", "Deployment" }, { "raster-scaledjob.yaml", "ScaledJob" } };

    [Theory]
    [MemberData(nameof(Workers))]
    public void Workers_RunAsNonRoot_WithAReadOnlyRoot_AndAWritableFolderForTheHeartbeat(string file, string kind)
    {
        var workload = Single(Load(file), kind);
        var pod = PodSpec(workload, kind);
        var container = WorkerContainer(workload);

        Assert.Equal("true", Text(pod, "securityContext.runAsNonRoot"));
        Assert.Equal("1654", Text(pod, "securityContext.runAsUser"));
        Assert.Equal("true", Text(container, "securityContext.readOnlyRootFilesystem"));
        Assert.Equal("false", Text(container, "securityContext.allowPrivilegeEscalation"));
        // The heartbeat file's folder lies under a mounted emptyDir (the root is read-only).
        var healthFile = Env(container)["GEO_HEALTH_FILE"];
        Assert.NotNull(healthFile);
        var emptyDirs = Seq(pod, "volumes").Where(v => At(v, "emptyDir") is not null).Select(v => Text(v, "name")).ToHashSet();
        Assert.Contains(Seq(container, "volumeMounts"), m => emptyDirs.Contains(Text(m, "name"))
            && healthFile!.StartsWith(Text(m, "mountPath")!.TrimEnd('/') + "/", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Workers))]
    public void Workers_TerminationGrace_CoversTheShutdownGracePlusTheHandBack(string file, string kind)
    {
        var workload = Single(Load(file), kind);
        var grace = int.Parse(Env(WorkerContainer(workload))["GEO_SHUTDOWN_GRACE"]!);
        var termination = int.Parse(Text(PodSpec(workload, kind), "terminationGracePeriodSeconds")!);

        Assert.True(termination >= grace + HandBackMarginSeconds,
            $"{file}: terminationGracePeriodSeconds {termination} < GEO_SHUTDOWN_GRACE {grace} + {HandBackMarginSeconds} s for the hand-back");
    }

    [Fact]
    public void RasterScaledJob_RunsWorkersThatExitWhenIdle_NeverRestartedByKubernetes()
    {
        var job = Single(Load("raster-scaledjob.yaml"), "ScaledJob");
        var args = Strings(WorkerContainer(job), "args");

        Assert.Equal("worker", args[0]);
        Assert.True(int.Parse(args[args.ToList().IndexOf("--exit-when-idle") + 1]) > 0);
        Assert.Equal("Never", Text(PodSpec(job, "ScaledJob"), "restartPolicy"));
        Assert.Equal("postgresql", Text(Assert.Single(Seq(job, "spec.triggers")), "type"));
        Assert.Equal("geo-keda-postgresql", Text(Seq(job, "spec.triggers")[0], "authenticationRef.name"));
    }

    [Fact]
    public void ScaledObjects_ScaleTheWorkerDeployment_WithAuthenticationsThatExist()
    {
        var deployment = Text(Single(Load("worker.yaml"), "Deployment"), "metadata.name");
        var authentications = new[] { "keda-postgresql.yaml", "keda-servicebus.yaml" }
            .SelectMany(Load).Where(d => Text(d, "kind") == "TriggerAuthentication").Select(d => Text(d, "metadata.name")).ToHashSet();

        var postgres = Single(Load("keda-postgresql.yaml"), "ScaledObject");
        var serviceBus = Single(Load("keda-servicebus.yaml"), "ScaledObject");
        foreach (var scaled in new[] { postgres, serviceBus })
        {
            Assert.Equal(deployment, Text(scaled, "spec.scaleTargetRef.name"));
            // One worker stays: its janitor rescues expired leases.
            Assert.True(int.Parse(Text(scaled, "spec.minReplicaCount")!) >= 1);
            Assert.All(Seq(scaled, "spec.triggers"), t => Assert.Contains(Text(t, "authenticationRef.name"), authentications));
        }
        Assert.Equal(["postgresql"], Seq(postgres, "spec.triggers").Select(t => Text(t, "type")));
        Assert.Equal(["geo-tasks", "geo-control"], Seq(serviceBus, "spec.triggers")
            .Where(t => Text(t, "type") == "azure-servicebus").Select(t => Text(t, "metadata.queueName")));
        Assert.Equal("azure-workload", Text(Single(Load("keda-servicebus.yaml"), "TriggerAuthentication"), "spec.podIdentity.provider"));
    }

    private static YamlNode PodSpec(YamlNode workload, string kind) =>
        At(workload, kind == "ScaledJob" ? "spec.jobTargetRef.template.spec" : "spec.template.spec")
        ?? throw new Xunit.Sdk.XunitException($"{kind} without a pod template");

    private static YamlNode WorkerContainer(YamlMappingNode workload) =>
        Assert.Single(Seq(PodSpec(workload, Text(workload, "kind")!), "containers"), c => Text(c, "name") == "worker");
}
