using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace GeoOrchestration.IntegrationTests.EntraId;

/// <summary>
/// No PostgreSQL password, Entra ID token or Service Bus SAS key reaches what <c>geoorch</c> prints: real
/// processes do real work and fail in the ways a user meets (a refused login, a server that is not there,
/// a token the server refuses, a misspelt option, bad input), with <c>--verbose</c> and <c>--output json</c>,
/// and every captured stdout and stderr is searched for every secret the run used.
/// </summary>
public sealed class SecretsInOutputTests(PasswordCheckingServer server) : IClassFixture<PasswordCheckingServer>
{
    private readonly List<(string Command, Geoorch.Result Result)> _captured = [];

    private async Task<Geoorch.Result> RunAsync(string[] arguments, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var result = await Geoorch.RunAsync(arguments, environment);
        _captured.Add((string.Join(' ', arguments.Select(a => a.Length > 30 ? a[..30] + "..." : a)), result));
        return result;
    }

    private static string Secret(string prefix) => prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).TrimEnd('=');

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [Fact]
    public async Task Geoorch_WorkingAndFailing_PrintsNoSecretItWasGiven()
    {
        var password = Secret("pgpw-");
        var token = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9." + Secret("") + "." + Secret("");
        var staleToken = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9." + Secret("") + "." + Secret("");
        var sasKey = Secret("");
        var sas = $"Endpoint=sb://127.0.0.1:{ClosedPort()}/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey={sasKey};UseDevelopmentEmulator=true";
        var secrets = new[] { password, token, staleToken, sasKey };

        var pwRole = $"pw_{Guid.NewGuid():N}"[..20];
        await server.CreateRoleAsync(pwRole, password);
        var withPassword = server.ConnectionStringFor(pwRole, password);
        string[] pw = ["--connection", withPassword, "--schema", pwRole];

        // A password: deploy, submit, read, work, each verbose, with JSON where there is any.
        Assert.Equal(0, (await RunAsync(["schema", "deploy", .. pw, "-v"])).ExitCode);
        var submit = await RunAsync(["submit", "hello_world", "-p", "count=2", .. pw, "-v", "-o", "json"]);
        Assert.Equal(0, submit.ExitCode);
        var jobId = submit.Json["jobId"]!.GetValue<string>();
        Assert.Equal(0, (await RunAsync(["worker", "--exit-when-idle", "1", .. pw, "-v"])).ExitCode);
        var get = await RunAsync(["job", "get", jobId, .. pw, "-v", "-o", "json"]);
        Assert.Equal("completed", get.Json["status"]!.GetValue<string>());

        // ... and failing: a wrong password, a server that is not there, bad input around the password.
        var wrong = server.ConnectionStringFor(pwRole, password + "x");
        Assert.Equal(7, (await RunAsync(["job", "get", jobId, "--connection", wrong, "--schema", pwRole, "-v", "-o", "json"])).ExitCode);
        Assert.Equal(4, (await RunAsync(["job", "list", "--connection", $"Host=127.0.0.1;Port={ClosedPort()};Username={pwRole};Password={password}", "-v", "-o", "json"])).ExitCode);
        Assert.Equal(2, (await RunAsync(["job", "list", "--connection", withPassword + ";Port=notaport", "-v", "-o", "json"])).ExitCode);
        Assert.Equal(2, (await RunAsync(["job", "list", "--connection", $"postgresql://{pwRole}:{password}@127.0.0.1/postgres", "-v", "-o", "json"])).ExitCode);
        Assert.Equal(2, (await RunAsync(["job", "list", "--use-entra-id", .. pw, "-o", "json"])).ExitCode);
        // A misspelt option leaves the connection string for the parser to echo as an unknown argument.
        Assert.Equal(2, (await RunAsync(["job", "list", "--conection", withPassword, "-o", "json"])).ExitCode);
        Assert.Equal(2, (await RunAsync(["job", "list", "--servicebus-conection", sas, "-o", "json"])).ExitCode);

        // A SAS key, for a namespace that is not there: work waits undispatched, workers fall back to the database.
        string[] bus = ["--servicebus-connection", sas];
        var busSubmit = await RunAsync(["submit", "hello_world", "-p", "count=3", .. pw, .. bus, "-v", "-o", "json"]);
        Assert.Equal(0, busSubmit.ExitCode);
        var busJob = busSubmit.Json["jobId"]!.GetValue<string>();
        var sasEnvironment = new Dictionary<string, string?> { ["GEO_SERVICEBUS"] = sas };
        Assert.Equal(0, (await RunAsync(["job", "get", busJob, .. pw, "-v", "-o", "json"], sasEnvironment)).ExitCode);
        Assert.Equal(0, (await RunAsync(["worker", "--exit-when-idle", "1", .. pw, .. bus, "-v"])).ExitCode);
        Assert.Equal(4, (await RunAsync(["servicebus", "dead-letters", .. bus, "-v", "-o", "json"])).ExitCode);
        Assert.Equal(2, (await RunAsync(["submit", "hello_world", .. pw, "--servicebus-connection", $"SharedAccessKeyName=Root;SharedAccessKey={sasKey}", "-v", "-o", "json"])).ExitCode);
        // Given to a command that takes no Service Bus option: the parser's unknown argument.
        Assert.Equal(2, (await RunAsync(["job", "list", .. pw, .. bus, "-o", "json"])).ExitCode);

        // An Entra ID token from the managed identity endpoint: submit, work, read; then a token the server refuses.
        var miRole = $"mi_{Guid.NewGuid():N}"[..20];
        await server.CreateRoleAsync(miRole, token);
        using var identity = new FakeIdentityEndpoint(token);
        string[] entra = ["--connection", server.ConnectionStringFor(miRole), "--schema", miRole, "--use-entra-id", "--credential", "managed-identity"];
        Assert.Equal(0, (await RunAsync(["schema", "deploy", .. entra, "-v"], identity.Environment)).ExitCode);
        var entraSubmit = await RunAsync(["submit", "hello_world", "-p", "count=2", .. entra, "-v", "-o", "json"], identity.Environment);
        var entraJob = entraSubmit.Json["jobId"]!.GetValue<string>();
        Assert.Equal(0, (await RunAsync(["worker", "--exit-when-idle", "1", .. entra, "-v"], identity.Environment)).ExitCode);
        Assert.Equal("completed", (await RunAsync(["job", "get", entraJob, .. entra, "-v", "-o", "json"], identity.Environment)).Json["status"]!.GetValue<string>());
        identity.Token = staleToken;
        Assert.Equal(7, (await RunAsync(["job", "get", entraJob, .. entra, "-v", "-o", "json"], identity.Environment)).ExitCode);
        Assert.NotEmpty(identity.Resources);

        Assert.All(_captured, c =>
        {
            foreach (var secret in secrets)
            {
                Assert.False(c.Result.Stdout.Contains(secret, StringComparison.Ordinal), $"stdout of '{c.Command}' holds a secret:\n{c.Result.Stdout}");
                Assert.False(c.Result.Stderr.Contains(secret, StringComparison.Ordinal), $"stderr of '{c.Command}' holds a secret:\n{c.Result.Stderr}");
            }
        });
    }
}
