using GeoOrchestration.Identity;
using GeoOrchestration.Errors;
using GeoOrchestration.Store;
using GeoOrchestration.Store.Relational;
using Npgsql;
using NpgsqlTypes;
using Polly;
using Polly.Retry;

namespace GeoOrchestration.Postgres;

/// <summary>
/// The PostgreSQL store. Every step of the flow is one transaction; SQL comes from the named
/// queries in <c>sql/postgres/queries</c>. Split over partial files by the tables each part works on; the
/// steps the engine composes in one transaction are <see cref="PostgresStoreTransaction"/>'s.
/// </summary>
public sealed partial class PostgresStore : IGeoStore, IGeoStoreWakeUps
{
    private readonly NpgsqlDataSource _dataSource;
    // LISTEN holds session state, so the listener's connection never goes back to the pool.
    private readonly NpgsqlDataSource _listenSource;
    // Stage result pages are read while a plan transaction holds a connection of _dataSource (the
    // planner runs inside the plan's COPY): from a pool of their own, which no transaction holds, they
    // never wait for a connection that only a waiting plan would give back (StageResultsPageAsync).
    private readonly NpgsqlDataSource _pageSource;
    private readonly SqlCatalog _sql;
    private readonly TimeProvider _time;
    private readonly IReadOnlyList<Migration> _migrations;
    private readonly ResiliencePipeline _retry;
    private readonly PostgresErrorMap _errors;

    public PostgresStore(PostgresStoreOptions options, TimeProvider? time = null)
        : this(options, time, Migration.Embedded(typeof(PostgresStore).Assembly, "sql/postgres/migrations/")) { }

    internal PostgresStore(PostgresStoreOptions options, TimeProvider? time, IReadOnlyList<Migration> migrations)
    {
        Schema = SchemaName.Parse(options.Schema);
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(options.ConnectionString);
        }
        catch (ArgumentException e)
        {
            throw new GeoValidationException("connection", "format", $"'connection' is not a valid PostgreSQL connection string: {e.Message}");
        }
        // Npgsql checks a port only when it connects, and then throws an ArgumentOutOfRangeException.
        if (builder.Port is < 1 or > 65535)
            throw new GeoValidationException("connection", "range", $"'connection' has Port={builder.Port}; a port is between 1 and 65535.");
        if (string.IsNullOrEmpty(builder.ApplicationName)) builder.ApplicationName = options.ApplicationName;
        // A worker repeats a handful of statements thousands of times a second: prepared once per
        // connection, PostgreSQL skips parsing and planning them (a third of its time otherwise).
        if (builder.MaxAutoPrepare == 0)
        {
            builder.MaxAutoPrepare = 64;
            builder.AutoPrepareMinUsages = 2;
        }
        // The store sets no session state on pooled connections, so resetting them on return to
        // the pool (a DISCARD round of work per checkout) buys nothing.
        builder.NoResetOnClose = true;
        if (options.PasswordProvider is not null && !string.IsNullOrEmpty(builder.Password))
            throw new GeoValidationException("connection", "password_provider",
                "'connection' must not hold a password when the password comes from a provider (Entra ID: the token is the password); remove Password from it.");
        _dataSource = PostgresDataSources.Build(builder, options.PasswordProvider);
        _listenSource = PostgresDataSources.Build(new NpgsqlConnectionStringBuilder(builder.ConnectionString)
            { Pooling = false, MaxAutoPrepare = 0, NoResetOnClose = false }, options.PasswordProvider);
        _pageSource = PostgresDataSources.Build(new NpgsqlConnectionStringBuilder(builder.ConnectionString)
            { MaxPoolSize = Math.Min(builder.MaxPoolSize, PageReadConnections), MinPoolSize = 0 }, options.PasswordProvider);
        _sql = new SqlCatalog(Schema);
        _errors = new PostgresErrorMap(builder, Schema);
        _time = time ?? TimeProvider.System;
        _migrations = migrations;
        if (options.TransientRetries < 0)
            throw new GeoValidationException("transient_retries", "minimum", $"'transient_retries' must not be negative; got {options.TransientRetries}.");
        _retry = options.TransientRetries == 0
            ? ResiliencePipeline.Empty
            : new ResiliencePipelineBuilder { TimeProvider = _time }
                .AddRetry(new RetryStrategyOptions
                {
                    ShouldHandle = new PredicateBuilder().Handle<NpgsqlException>(e => e.IsTransient),
                    MaxRetryAttempts = options.TransientRetries,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = TimeSpan.FromMilliseconds(200),
                })
                .Build();
    }

    public SchemaName Schema { get; }

    /// <summary>
    /// Connections of the page-read pool at most (fewer when the connection string's Maximum Pool Size
    /// is smaller): a page read holds one for one short query and waits for nothing else, so concurrent
    /// plans in one process share a few. They close when idle, as pooled connections do.
    /// </summary>
    public const int PageReadConnections = 4;

    public Task<SchemaDeployResult> SchemaDeployAsync(SchemaDeployParams parameters, CancellationToken cancellationToken) =>
        RunAsync(() => new PostgresMigrator(_dataSource, Schema, _sql, _migrations).DeployAsync(parameters.DryRun, cancellationToken), cancellationToken);

    public Task SchemaCheckAsync(CancellationToken cancellationToken) =>
        RunAsync(async () =>
        {
            await new PostgresMigrator(_dataSource, Schema, _sql, _migrations).CheckAsync(cancellationToken);
            return true;
        }, cancellationToken);

    public async Task<T> ExecuteAsync<T>(Func<IGeoStoreTransaction, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        // Whether the attempt that committed made work ready (a transient error retries the whole work
        // in a new transaction, which decides again); a rollback throws before the relay hears of it.
        var madeReady = false;
        var result = await InTransactionAsync(async (connection, transaction) =>
        {
            var tx = new PostgresStoreTransaction(this, connection, transaction);
            var done = await work(tx, cancellationToken);
            madeReady = tx.WorkMadeReady;
            return done;
        }, cancellationToken);
        if (madeReady) OnWorkCommitted();
        return result;
    }

    public string WakeUpTransport => "PostgreSQL LISTEN/NOTIFY";

    public Task<IAsyncDisposable> WorkListenAsync(WorkListenParams parameters, CancellationToken cancellationToken) =>
        RunAsync<IAsyncDisposable>(async () => await PostgresWorkListener.StartAsync(_listenSource, Schema, parameters.OnWork, cancellationToken), cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _listenSource.DisposeAsync();
        await _pageSource.DisposeAsync();
        await _dataSource.DisposeAsync();
    }

    /// <summary>The text of a named query of <c>sql/postgres/queries</c>.</summary>
    internal string Sql(string query) => _sql[query];

    /// <summary>A named query; its caller gives every parameter it uses (<see cref="ClockedCommand"/> for one that reads the clock).</summary>
    internal NpgsqlCommand Command(string query, NpgsqlConnection connection, NpgsqlTransaction? transaction = null) =>
        new(_sql[query], connection, transaction);

    /// <summary>A named query that reads the clock, with its <c>@now</c> (<see cref="ClockParameter"/>).</summary>
    internal NpgsqlCommand ClockedCommand(string query, NpgsqlConnection connection, NpgsqlTransaction? transaction = null)
    {
        var command = Command(query, connection, transaction);
        command.Parameters.Add(ClockParameter());
        return command;
    }

    /// <summary>A named query for an <see cref="NpgsqlBatch"/>, with the given parameters.</summary>
    internal NpgsqlBatchCommand BatchCommand(string query, params (string Name, object Value)[] parameters)
    {
        var command = new NpgsqlBatchCommand(_sql[query]);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        return command;
    }

    /// <summary>A named query for an <see cref="NpgsqlBatch"/> that reads the clock, with its <c>@now</c> and the given parameters.</summary>
    internal NpgsqlBatchCommand ClockedBatchCommand(string query, params (string Name, object Value)[] parameters)
    {
        var command = BatchCommand(query, parameters);
        command.Parameters.Add(ClockParameter());
        return command;
    }

    /// <summary>
    /// The clock of a statement that reads it, given explicitly like its other parameters (never added
    /// by looking at the query's text): NULL, so the SQL takes the database's now(), unless a test pins
    /// time. Workers on several machines then agree on lease expiry without trusting each other's clocks.
    /// </summary>
    internal NpgsqlParameter ClockParameter() => new("now", NpgsqlDbType.TimestampTz) { Value = PinnedNow() };

    /// <summary>The wake-up channel of a statement that notifies (<c>@channel</c>): this schema's.</summary>
    internal NpgsqlParameter ChannelParameter() => new("channel", Schema.Channel);

    /// <summary>A query by job or stage: the range of its tasks' ids (<see cref="JobIdentity.TaskIdsOf(string, int)"/>) as @task_id_from and @task_id_to.</summary>
    internal static void AddTaskIds(NpgsqlCommand command, TaskIdRange range)
    {
        command.Parameters.AddWithValue("task_id_from", range.From);
        command.Parameters.AddWithValue("task_id_to", range.To);
    }

    internal object PinnedNow() => ReferenceEquals(_time, TimeProvider.System) ? DBNull.Value : _time.GetUtcNow();

    private async Task<T> RunAsync<T>(Func<Task<T>> action, CancellationToken cancellationToken = default)
    {
        try
        {
            return await _retry.ExecuteAsync(async _ => await action(), cancellationToken);
        }
        catch (NpgsqlException e) when (_errors.Map(e) is { } mapped)
        {
            throw mapped;
        }
    }

    private async Task<T> InTransactionAsync<T>(Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> action, CancellationToken cancellationToken) =>
        await RunAsync(async () =>
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var result = await action(connection, transaction);
            await transaction.CommitAsync(cancellationToken);
            return result;
        }, cancellationToken);

    private async Task<T> WithConnectionAsync<T>(Func<NpgsqlConnection, Task<T>> action, CancellationToken cancellationToken) =>
        await RunAsync(async () =>
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
            return await action(connection);
        }, cancellationToken);

    /// <summary>Wakes the listening workers when the transaction commits; <paramref name="payload"/> says what arrived ("tasks", "job").</summary>
    internal async Task NotifyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string payload, CancellationToken cancellationToken)
    {
        // Delivered at commit, and PostgreSQL folds identical notifications of one transaction.
        await using var notify = Command("Notify", connection, transaction);
        notify.Parameters.Add(ChannelParameter());
        notify.Parameters.AddWithValue("payload", payload);
        await notify.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>How many events of a kind a job recorded (for one stage, or all): planning and finalize counts for tests and operators.</summary>
    internal Task<long> EventCountAsync(string jobId, string kind, int? stage, CancellationToken cancellationToken) =>
        WithConnectionAsync(async connection =>
        {
            await using var command = Command("JobEventCount", connection);
            command.Parameters.AddWithValue("job_id", jobId);
            command.Parameters.AddWithValue("kind", kind);
            command.Parameters.Add(new NpgsqlParameter("stage", NpgsqlDbType.Integer) { Value = (object?)stage ?? DBNull.Value });
            return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        }, cancellationToken);

    internal Task<T> MetricScalarAsync<T>(string query, CancellationToken cancellationToken, params (string Name, object Value)[] parameters) =>
        WithConnectionAsync(async connection =>
        {
            await using var command = Command(query, connection);
            foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
            var scalar = await command.ExecuteScalarAsync(cancellationToken);
            return scalar is null or DBNull ? default! : (T)Convert.ChangeType(scalar, Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T), System.Globalization.CultureInfo.InvariantCulture);
        }, cancellationToken);

    internal Task<IReadOnlyList<double>> MetricColumnAsync(string query, CancellationToken cancellationToken, params (string Name, object Value)[] parameters) =>
        WithConnectionAsync<IReadOnlyList<double>>(async connection =>
        {
            await using var command = Command(query, connection);
            foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
            var values = new List<double>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken)) if (!reader.IsDBNull(0)) values.Add(reader.GetDouble(0));
            return values;
        }, cancellationToken);
}
