namespace GeoOrchestration.Jobs.Gdal;

/// <summary>
/// The GDAL host processes of this process: each task leases one (<see cref="OpenAsync"/>) for its
/// GDAL work, so GDAL starts once per host rather than once per step, and a GDAL crash still kills
/// only a child process and fails only the task that was using it. At most
/// <see cref="GdalHostOptions.MaxHosts"/> hosts live at once (further leases wait); an idle host is
/// reused by the next lease with the same extra environment, stopped after
/// <see cref="GdalHostOptions.IdleTimeout"/>, and replaced after
/// <see cref="GdalHostOptions.MaxFilesPerHost"/> sessions or when its memory passes
/// <see cref="GdalHostOptions.MemoryCeilingBytes"/>. Thread-safe.
/// </summary>
public sealed class GdalHostPool : IAsyncDisposable
{
    // Not cached on failure (PublicationOnly), so fixing a bad GEO_GDAL_* variable needs no restart of the code path.
    private static readonly Lazy<GdalHostPool> LazyShared =
        new(() => new GdalHostPool(GdalHostOptions.FromEnvironment()), LazyThreadSafetyMode.PublicationOnly);

    private readonly GdalHostOptions _options;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _leases;
    private readonly object _gate = new();
    private readonly List<GdalHostProcess> _idle = [];
    private readonly HashSet<GdalHostProcess> _all = [];
    private readonly ITimer _idleSweep;
    private bool _disposed;
    private volatile bool _libraryLoaded;

    /// <summary>The pool the built-in raster jobs use, with <see cref="GdalHostOptions.FromEnvironment"/>'s options.</summary>
    /// <exception cref="Errors.GeoConfigurationException">A GEO_GDAL_* variable is not a positive whole number.</exception>
    public static GdalHostPool Shared => LazyShared.Value;

    /// <exception cref="Errors.GeoConfigurationException">A setting is out of range.</exception>
    public GdalHostPool(GdalHostOptions options) : this(options, TimeProvider.System) { }

    internal GdalHostPool(GdalHostOptions options, TimeProvider time)
    {
        options.Validate();
        _options = options;
        _time = time;
        _leases = new SemaphoreSlim(options.MaxHosts, options.MaxHosts);
        var every = TimeSpan.FromTicks(Math.Clamp(options.IdleTimeout.Ticks / 2, TimeSpan.FromMilliseconds(50).Ticks, TimeSpan.FromSeconds(10).Ticks));
        _idleSweep = time.CreateTimer(_ => _ = StopIdleAsync(), null, every, every);
    }

    /// <summary>The settings this pool runs with.</summary>
    public GdalHostOptions Options => _options;

    /// <summary>
    /// Leases a host for one task: an idle one started with the same extra environment, else a new
    /// one; waits (cancellably) while <see cref="GdalHostOptions.MaxHosts"/> sessions are open.
    /// Dispose the session to hand the host back.
    /// </summary>
    /// <param name="environment">Variables for GDAL in this task's host (<c>GDAL_CACHEMAX</c>, credentials), on top of the pool's; fixed for the host's life, never seen by a host leased without them.</param>
    /// <exception cref="Errors.GeoConfigurationException"><see cref="GdalFailure.NotFoundId"/>: GDAL's library cannot be loaded, or the host program is missing.</exception>
    /// <exception cref="GdalTransientException">The host died or stayed silent while starting.</exception>
    /// <exception cref="OperationCanceledException">Cancelled while waiting or starting.</exception>
    public async Task<GdalSession> OpenAsync(CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? environment = null)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var extra = GdalHostEnvironment.Merge(_options.Environment, environment);
        await _leases.WaitAsync(cancellationToken);
        try
        {
            if (TakeIdle(GdalHostEnvironment.Key(extra)) is { } idle) return new GdalSession(this, idle, extra, started: false);
            return new GdalSession(this, await StartAsync(extra, cancellationToken), extra, started: true);
        }
        catch
        {
            _leases.Release();
            throw;
        }
    }

    /// <summary>
    /// The submit-time check: returns when a host can be started and loads GDAL, else throws the
    /// configuration error <see cref="OpenAsync"/> would. Once a host of this pool has loaded GDAL
    /// only the host program's presence is checked again; a failure is looked into again next time,
    /// so installing GDAL under a running process helps.
    /// </summary>
    /// <exception cref="Errors.GeoConfigurationException"><see cref="GdalFailure.NotFoundId"/>, as for <see cref="OpenAsync"/>.</exception>
    public void EnsureAvailable()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        GdalHostProgram.Locate(_options.HostPath);
        if (_libraryLoaded) return;
        // A probe host, off the caller's context; kept as an idle host when there is room for it.
        var probe = Task.Run(() => StartAsync(_options.Environment, CancellationToken.None)).GetAwaiter().GetResult();
        Task.Run(async () => await ReturnAsync(probe, countSession: false)).GetAwaiter().GetResult();
    }

    /// <summary>Starts a host for a session that holds a lease (its first, or one replacing a host that died).</summary>
    internal async Task<GdalHostProcess> StartAsync(IReadOnlyDictionary<string, string> extra, CancellationToken cancellationToken)
    {
        // A lease that waited out the pool's disposal (sessions still hand their leases back) starts nothing.
        ObjectDisposedException.ThrowIf(_disposed, this);
        var program = GdalHostProgram.Locate(_options.HostPath);
        // Room for one more: an idle host of another environment makes way (hosts never outnumber MaxHosts).
        GdalHostProcess? evicted = null;
        lock (_gate)
        {
            if (_all.Count >= _options.MaxHosts && _idle.Count > 0)
            {
                evicted = _idle[0];
                _idle.RemoveAt(0);
                _all.Remove(evicted);
            }
        }
        if (evicted is not null) await evicted.DisposeAsync();
        var host = await GdalHostProcess.StartAsync(program, extra, _options.StartTimeout, cancellationToken);
        _libraryLoaded = true;
        lock (_gate)
        {
            if (!_disposed)
            {
                _all.Add(host);
                return host;
            }
        }
        await host.DisposeAsync();
        throw new ObjectDisposedException(nameof(GdalHostPool));
    }

    /// <summary>Forgets a host that broke (died, was killed) and ends it.</summary>
    internal async Task DiscardAsync(GdalHostProcess host)
    {
        lock (_gate) _all.Remove(host);
        await host.DisposeAsync();
    }

    /// <summary>A session ended: its host goes idle, or is replaced when it is worn out; the lease is released.</summary>
    internal async Task EndSessionAsync(GdalHostProcess? host)
    {
        try
        {
            if (host is not null) await ReturnAsync(host, countSession: true);
        }
        finally
        {
            _leases.Release();
        }
    }

    private async Task ReturnAsync(GdalHostProcess host, bool countSession)
    {
        if (countSession) host.Sessions++;
        var keep = !host.IsBroken && !host.HasExited
            && host.Sessions < _options.MaxFilesPerHost
            && host.ResidentBytes <= _options.MemoryCeilingBytes;
        lock (_gate)
        {
            if (keep && !_disposed && _all.Contains(host) && _all.Count <= _options.MaxHosts)
            {
                host.IdleSince = _time.GetUtcNow();
                _idle.Add(host);
                return;
            }
            _all.Remove(host);
        }
        await host.DisposeAsync();
    }

    private GdalHostProcess? TakeIdle(string environmentKey)
    {
        lock (_gate)
        {
            // The most recently used first, so the others age out when fewer hosts are needed.
            for (var i = _idle.Count - 1; i >= 0; i--)
            {
                var host = _idle[i];
                if (host.EnvironmentKey != environmentKey) continue;
                _idle.RemoveAt(i);
                if (!host.HasExited) return host;
                _all.Remove(host);
                _ = host.DisposeAsync().AsTask();
            }
            return null;
        }
    }

    private async Task StopIdleAsync()
    {
        List<GdalHostProcess> stale;
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            stale = _idle.Where(h => now - h.IdleSince >= _options.IdleTimeout || h.HasExited).ToList();
            foreach (var host in stale)
            {
                _idle.Remove(host);
                _all.Remove(host);
            }
        }
        foreach (var host in stale) await host.DisposeAsync();
    }

    /// <summary>
    /// Ends every host: idle and leased alike get stdin closed, then are killed after a short wait.
    /// Sessions still open fail their next request (their host is gone); new leases are refused.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        List<GdalHostProcess> hosts;
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            hosts = [.. _all];
            _all.Clear();
            _idle.Clear();
        }
        await _idleSweep.DisposeAsync();
        await Task.WhenAll(hosts.Select(h => h.DisposeAsync().AsTask()));
    }
}
