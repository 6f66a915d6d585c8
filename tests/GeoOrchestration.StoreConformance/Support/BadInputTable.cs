namespace GeoOrchestration.StoreConformance.Support;

/// <summary>
/// Every kind of bad input a user can give <c>geoorch</c> that no store has a say in: malformed
/// option values, values out of range, bad parameters, unknown job types, malformed or ambiguous
/// job ids, text no store can hold. Each store must refuse each row alike: the same exit code, one
/// line naming the field and the rule, and nothing written. Rows a store refuses in its own way
/// (a PostgreSQL schema name, a SQLite file that is not a database) are in that store's tests.
/// </summary>
public static class BadInputTable
{
    private const string Whole = "must be a whole number";
    private const string Seconds = "must be a number of seconds";
    private const string Nul = "holds a NUL character";
    private const string Surrogate = "holds a lone UTF-16 surrogate";
    private const string IdFormat = "must be a job id or at least 8 of its leading hexadecimal characters";

    public static IReadOnlyList<BadInputRow> Rows { get; } =
    [
        // The parser refuses a malformed value, naming the option and the form it takes (not a .NET type).
        Usage("submit: --task-timeout not a number", $"'--task-timeout' {Seconds}", "submit", "noop", "--task-timeout", "abc"),
        Usage("submit: --job-timeout with a unit", $"'--job-timeout' {Seconds}", "submit", "noop", "--job-timeout", "1h"),
        Usage("submit: --timeout NaN", $"'--timeout' {Seconds}", "submit", "noop", "--wait", "--timeout", "NaN"),
        Usage("submit: -p without a value", "Required argument missing for option: '-p'", "submit", "noop", "-p"),
        Usage("worker: --concurrency not a number", $"'--concurrency' {Whole}", "worker", "--concurrency", "x"),
        Usage("worker: --concurrency beyond a 32-bit integer", $"'--concurrency' {Whole} between -2147483648 and 2147483647", "worker", "--concurrency", "99999999999"),
        Usage("worker: --lease with a decimal comma", $"'--lease' {Seconds}", "worker", "--lease", "1,5"),
        Usage("worker: --exit-when-idle not a number", $"'--exit-when-idle' {Seconds}", "worker", "--exit-when-idle", "soon"),
        Usage("job list: --limit not a number", $"'--limit' {Whole}", "job", "list", "--limit", "x"),
        Usage("job list: unknown option", "Unrecognized command or argument '--bogus'", "job", "list", "--bogus"),
        Usage("job list: --output neither table nor json", "'--output' must be one of table, json; got 'xml'", "job", "list", "-o", "xml") with { Json = false },
        Usage("job tasks: --stage not a number", $"'--stage' {Whole}", "job", "tasks", "{job}", "--stage", "first"),
        Usage("job retry: --task-timeout not a number", $"'--task-timeout' {Seconds}", "job", "retry", "{job}", "--task-timeout", "soon"),
        Usage("job retry: --job-timeout with a unit", $"'--job-timeout' {Seconds}", "job", "retry", "{job}", "--job-timeout", "10m"),
        Usage("bench: --tasks not a number", $"'--tasks' {Whole}", "bench", "drain", "--tasks", "many"),
        Usage("bench: unknown scenario", "SCENARIO must be one of drain, plan, chain, ceiling", "bench", "fastest"),

        // submit: the job type, the parameters against its schema, the options.
        Invalid("submit: unknown job type", "job_type:unknown", "'job_type' must name a registered job type; 'no_such_type' is not one (known: blob_inventory, hello_world, noop", "submit", "no_such_type"),
        Invalid("submit: parameters not JSON", "parameters:json", "'parameters' is not valid JSON", "submit", "hello_world", "--parameters-json", "{not json"),
        Invalid("submit: key twice in the JSON", "tasks:duplicate", "Parameter 'tasks' is given more than once", "submit", "noop", "--parameters-json", """{"tasks":1,"tasks":2}"""),
        Invalid("submit: key in the JSON and as KEY=VALUE", "tasks:duplicate", "Parameter 'tasks' is given both in the JSON parameters and as KEY=VALUE", "submit", "noop", "--parameters-json", """{"tasks":1}""", "-p", "tasks=2"),
        Invalid("submit: -p not KEY=VALUE", "param:format", "'param' value 'nolabel' must be written KEY=VALUE", "submit", "noop", "-p", "nolabel"),
        Invalid("submit: parameter of the wrong type", "tasks:type", "Parameter 'tasks' must be an integer; got 'abc'", "submit", "noop", "-p", "tasks=abc"),
        Invalid("submit: below the minimum", "tasks:minimum", "Parameter 'tasks' must be >= 1; got 0", "submit", "noop", "-p", "tasks=0"),
        Invalid("submit: above the maximum", "count:maximum", "Parameter 'count' must be <= 1000; got 5000", "submit", "hello_world", "-p", "count=5000"),
        Invalid("submit: fraction above the maximum", "transient_failure_rate:maximum", "Parameter 'transient_failure_rate' must be <= 1; got 1.5", "submit", "noop", "-p", "transient_failure_rate=1.5"),
        Invalid("submit: stages above the maximum", "stages:maximum", "Parameter 'stages' must be <= 10; got 11", "submit", "noop", "-p", "stages=11"),
        Invalid("submit: integer beyond Int64", "tasks:maximum", "Parameter 'tasks' must be <= 1000000; got 9007199254740993", "submit", "noop", "-p", "tasks=9007199254740993"),
        Invalid("submit: text too long", "label:max_length", "Parameter 'label' must be at most 100 character(s) long; got 101", "submit", "noop", "-p", "label=" + new string('x', 101)),
        Invalid("submit: exclusive parameters together", "names:exclusive", "Parameters 'count' and 'names' cannot be given together", "submit", "hello_world", "-p", "count=2", "-p", "names=Ada"),
        new("submit: every broken rule named", ["submit", "hello_world", "-p", "count=5000", "--parameters-json", """{"bogus":1}"""], 2,
            "2 problems: Parameter 'bogus' is not a parameter of job type 'hello_world' (known: count, names). Parameter 'count' must be <= 1000",
            "InvalidInput", ["bogus:unknown", "count:maximum"]),
        Invalid("submit: --task-timeout 0", "task_timeout:range", "'--task-timeout' must be more than 0 and at most 31536000 seconds; got 0", "submit", "noop", "--task-timeout", "0"),
        Invalid("submit: --job-timeout negative", "job_timeout:range", "'--job-timeout' must be more than 0 and at most 31536000 seconds; got -5", "submit", "noop", "--job-timeout", "-5"),
        Invalid("submit: --job-timeout beyond a year", "job_timeout:range", "'--job-timeout' must be more than 0 and at most 31536000 seconds; got 99999999999", "submit", "noop", "--job-timeout", "99999999999"),
        Invalid("submit: --timeout without --wait", "timeout:requires", "'--timeout' limits only --wait", "submit", "noop", "--timeout", "5"),
        Invalid("submit: --wait --timeout 0", "timeout:range", "'--timeout' must be a positive number of seconds; got 0", "submit", "noop", "--wait", "--timeout", "0"),
        Invalid("submit: --run-key with a tab", "run_key:format", "'run_key' must not contain control characters", "submit", "hello_world", "--run-key", "a\tb"),

        // Text no store can hold, wherever a user types it.
        Invalid("submit: parameter holding NUL", "label:storable_text", $"Parameter 'label' {Nul}", "submit", "noop", "--parameters-json", """{"label":"a\u0000b"}"""),
        Invalid("submit: list item holding NUL", "names[0]:storable_text", $"Parameter 'names[0]' {Nul}", "submit", "hello_world", "--parameters-json", """{"names":["x\u0000y"]}"""),
        Invalid("submit: list item holding a lone surrogate", "names[1]:storable_text", $"Parameter 'names[1]' {Surrogate}", "submit", "hello_world", "--parameters-json", """{"names":["ok","x\ud800"]}"""),
        Invalid("submit: parameter name holding a lone surrogate", "parameters:storable_text", $"A parameter name {Surrogate}", "submit", "noop", "--parameters-json", """{"x\udc00":1}""", "-p", "tasks=2"),
        Invalid("job cancel: reason holding NUL", "reason:storable_text", $"'reason' {Nul}", "job", "cancel", "{job}", "--reason", "stop\0now"),
        Invalid("job list: --type holding NUL", "job_type:storable_text", $"'job_type' {Nul}", "job", "list", "--type", "no\0such"),

        // job: ids, filters, stages, reasons.
        Invalid("job get: id too short", "job_id:format", $"'job_id' {IdFormat}; got '0123456'", "job", "get", "0123456"),
        Invalid("job get: id not hexadecimal", "job_id:format", $"'job_id' {IdFormat}; got '0123456g'", "job", "get", "0123456g"),
        Invalid("job cancel: malformed id", "job_id:format", $"'job_id' {IdFormat}; got 'xyz'", "job", "cancel", "xyz"),
        Invalid("job retry: malformed id", "job_id:format", $"'job_id' {IdFormat}; got 'xyz'", "job", "retry", "xyz"),
        // job retry's timeouts follow submit's rule, checked before the job is read (this one is queued: not retryable).
        Invalid("job retry: --task-timeout 0", "task_timeout:range", "'--task-timeout' must be more than 0 and at most 31536000 seconds; got 0", "job", "retry", "{job}", "--task-timeout", "0"),
        Invalid("job retry: --task-timeout negative", "task_timeout:range", "'--task-timeout' must be more than 0 and at most 31536000 seconds; got -1", "job", "retry", "{job}", "--task-timeout", "-1"),
        Invalid("job retry: --job-timeout 0", "job_timeout:range", "'--job-timeout' must be more than 0 and at most 31536000 seconds; got 0", "job", "retry", "{job}", "--job-timeout", "0"),
        Invalid("job retry: --job-timeout beyond a year", "job_timeout:range", "'--job-timeout' must be more than 0 and at most 31536000 seconds; got 99999999999", "job", "retry", "{job}", "--job-timeout", "99999999999"),
        Invalid("job get: prefix of two jobs", "job_id:ambiguous", "Job id prefix '{twin}' matches 2 jobs", "job", "get", "{twin}"),
        NotFound("job get: prefix of no job", "Job 'ffffffffffffffff' was not found", "job", "get", "ffffffffffffffff"),
        NotFound("job get: id of no job", $"Job '{new string('e', 64)}' was not found", "job", "get", new string('e', 64)),
        NotFound("job retry: id of no job", $"Job '{new string('e', 64)}' was not found", "job", "retry", new string('e', 64)),
        Invalid("job cancel: reason too long", "reason:max_length", "'reason' must be at most 1000 characters; got 1001", "job", "cancel", "{job}", "--reason", new string('r', 1001)),
        Invalid("job list: unknown --status", "status:allowed", "'--status' must be one of queued, processing, completed, completed_with_errors, failed, cancelled; got 'bogus'", "job", "list", "--status", "bogus"),
        Invalid("job list: --limit negative", "limit:range", "'limit' must be between 1 and 1000; got -1", "job", "list", "--limit", "-1"),
        Invalid("job list: --limit above the maximum", "limit:range", "'limit' must be between 1 and 1000; got 1001", "job", "list", "--limit", "1001"),
        Invalid("job tasks: stage out of the job's range", "stage:range", "'stage' must be between 1 and 1 for this job; got 0", "job", "tasks", "{job}", "--stage", "0"),

        // worker: options out of range, refused before it starts.
        Invalid("worker: --concurrency 0", "concurrency:range", "'concurrency' must be between 1 and 1024; got 0", "worker", "--concurrency", "0"),
        Invalid("worker: --lease too short", "lease:minimum", "'lease' must be at least 0.3 seconds; got 100 ms", "worker", "--lease", "0.1"),
        Invalid("worker: --poll-interval 0", "poll_interval:minimum", "'poll_interval' must be more than 0 seconds; got 0 s", "worker", "--poll-interval", "0"),
        Invalid("worker: --janitor-interval too short", "janitor_interval:minimum", "'janitor_interval' must be at least 0.1 seconds; got 10 ms", "worker", "--janitor-interval", "0.01"),
        Invalid("worker: --shutdown-grace negative", "shutdown_grace:range", "'--shutdown-grace' must be a number of seconds between 0 and one year; got -1", "worker", "--shutdown-grace", "-1"),
        Invalid("worker: --exit-when-idle negative", "exit_when_idle:range", "'--exit-when-idle' must be a number of seconds between 0 and one year; got -1", "worker", "--exit-when-idle", "-1"),

        // workers: the registry's filters.
        Invalid("workers: unknown --state", "state:allowed", "'--state' must be one of running, stopping, lost; got 'sleeping'", "workers", "--state", "sleeping"),
        NotFound("workers: --id of no worker", "Worker 'nobody:1:abcdef' was not found", "workers", "--id", "nobody:1:abcdef"),

        // On a store nothing has deployed: run deploys the schema only once everything it was given is
        // checked, and no other command creates the store for input it refuses.
        Usage("run: --poll-interval not a number", $"'--poll-interval' {Seconds}", "run", "noop", "--poll-interval", "fast") with { Undeployed = true },
        Invalid("run: --concurrency 0", "concurrency:range", "'concurrency' must be between 1 and 1024; got 0", "run", "noop", "--concurrency", "0") with { Undeployed = true },
        Invalid("run: parameter below the minimum", "tasks:minimum", "Parameter 'tasks' must be >= 1; got 0", "run", "noop", "-p", "tasks=0") with { Undeployed = true },
        Invalid("run: parameter holding NUL", "label:storable_text", $"Parameter 'label' {Nul}", "run", "noop", "--parameters-json", """{"label":"a\u0000b"}""", "--timeout", "30") with { Undeployed = true },
        Invalid("run: --task-timeout 0", "task_timeout:range", "'--task-timeout' must be more than 0 and at most 31536000 seconds; got 0", "run", "noop", "--task-timeout", "0") with { Undeployed = true },
        Invalid("run: --timeout 0", "timeout:range", "'--timeout' must be a positive number of seconds; got 0", "run", "noop", "--timeout", "0") with { Undeployed = true },
        Invalid("run: --run-key with a tab", "run_key:format", "'run_key' must not contain control characters", "run", "noop", "--run-key", "a\tb") with { Undeployed = true },
        Invalid("submit on nothing deployed: below the minimum", "tasks:minimum", "Parameter 'tasks' must be >= 1; got 0", "submit", "noop", "-p", "tasks=0") with { Undeployed = true },
        Invalid("worker on nothing deployed: --concurrency 0", "concurrency:range", "'concurrency' must be between 1 and 1024; got 0", "worker", "--concurrency", "0") with { Undeployed = true },
        Invalid("job list on nothing deployed: --limit negative", "limit:range", "'limit' must be between 1 and 1000; got -1", "job", "list", "--limit", "-1") with { Undeployed = true },
        Invalid("job retry on nothing deployed: --task-timeout negative", "task_timeout:range", "'--task-timeout' must be more than 0 and at most 31536000 seconds; got -2", "job", "retry", "{job}", "--task-timeout", "-2") with { Undeployed = true },
        Invalid("job cancel on nothing deployed: reason holding NUL", "reason:storable_text", $"'reason' {Nul}", "job", "cancel", "{job}", "--reason", "stop\0now") with { Undeployed = true },
        Invalid("workers on nothing deployed: unknown --state", "state:allowed", "'--state' must be one of running, stopping, lost; got '1'", "workers", "--state", "1") with { Undeployed = true },
    ];

    private static readonly Dictionary<string, BadInputRow> ByName = Rows.ToDictionary(r => r.Name, StringComparer.Ordinal);

    /// <summary>The names of the rows run on a deployed store, for <c>[MemberData]</c>.</summary>
    public static TheoryData<string> OnDeployedStore => Names(undeployed: false);

    /// <summary>The names of the rows run on a store nothing has deployed yet, for <c>[MemberData]</c>.</summary>
    public static TheoryData<string> OnUndeployedStore => Names(undeployed: true);

    public static BadInputRow Row(string name) => ByName[name];

    private static TheoryData<string> Names(bool undeployed)
    {
        var names = new TheoryData<string>();
        foreach (var row in Rows.Where(r => r.Undeployed == undeployed)) names.Add(row.Name);
        return names;
    }

    private static BadInputRow Usage(string name, string line, params string[] arguments) => new(name, arguments, 2, line, "InvalidUsage", []);

    private static BadInputRow Invalid(string name, string fieldRule, string line, params string[] arguments) =>
        new(name, arguments, 2, line, "InvalidInput", [fieldRule]);

    private static BadInputRow NotFound(string name, string line, params string[] arguments) => new(name, arguments, 3, line, "NotFound", []);
}
