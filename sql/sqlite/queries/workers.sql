-- The worker registry (migration 0021): who is working on this file. A handful of rows, one per
-- running worker, written once at start, once per heartbeat (the lease-renewal interval, never per
-- task) and once at a clean stop. Times are the store's clock (@now, Unix epoch ms).

-- name: WorkerRegister
-- Compare-and-set on the holder (migration 0024): a row is taken over only by the process that
-- wrote it (its instance token) or once it is lost (its expiry passed). No row changed: another
-- live process holds the id, and the worker is refused (WorkerHolder reads who).
-- A worker registers after its schema check, and again should its row have gone (it missed its
-- heartbeats past the expiry and a janitor removed it, or the first try failed). started_at is
-- when it started by the store's clock: now less how long it has been running.
INSERT INTO workers (worker_id, host, process_id, version, job_types, concurrency, transport,
                     started_at, heartbeat_at, expires_at, running, stopping, instance)
VALUES (@worker_id, @host, @process_id, @version, @job_types, @concurrency, @transport,
        @now - @uptime, @now, @now + @expiry, @running, @stopping, @instance)
ON CONFLICT (worker_id) DO UPDATE
SET host = excluded.host, process_id = excluded.process_id, version = excluded.version, job_types = excluded.job_types,
    concurrency = excluded.concurrency, transport = excluded.transport, started_at = excluded.started_at,
    heartbeat_at = excluded.heartbeat_at, expires_at = excluded.expires_at, running = excluded.running, stopping = excluded.stopping,
    instance = excluded.instance
WHERE workers.instance = excluded.instance OR workers.expires_at <= @now;

-- name: WorkerHeartbeat
-- One statement per heartbeat, by primary key. No row: the worker is not registered (any more),
-- or another process took its id over after it read as lost; it registers again (and is refused
-- in the second case).
UPDATE workers
SET heartbeat_at = @now, expires_at = @now + @expiry, running = @running, stopping = @stopping
WHERE worker_id = @worker_id AND instance = @instance;

-- name: WorkerDeregister
-- A stopping worker removes its own row only (its instance token); no token removes the id's row.
DELETE FROM workers WHERE worker_id = @worker_id AND (@instance IS NULL OR instance = @instance);

-- name: WorkerHolder
-- The row that refused a registration: who holds the id, as WorkerList reads it.
SELECT worker_id AS WorkerId, host AS Host, process_id AS ProcessId, version AS Version, job_types AS JobTypes,
       concurrency AS Concurrency, transport AS Transport, started_at AS StartedAt, heartbeat_at AS HeartbeatAt,
       expires_at AS ExpiresAt, running AS Running, stopping AS Stopping, @now AS ReadAt
FROM workers
WHERE worker_id = @worker_id;

-- name: WorkerList
-- Every registered worker, lost ones included (their expiry passed and no janitor removed them yet),
-- with the clock they were read at so ages and liveness are the store's, not the reader's.
SELECT worker_id AS WorkerId, host AS Host, process_id AS ProcessId, version AS Version, job_types AS JobTypes,
       concurrency AS Concurrency, transport AS Transport, started_at AS StartedAt, heartbeat_at AS HeartbeatAt,
       expires_at AS ExpiresAt, running AS Running, stopping AS Stopping, @now AS ReadAt
FROM workers
ORDER BY host, started_at, worker_id;

-- name: WorkerExpire
-- The janitor's removal of workers that stopped heartbeating: compare-and-set on the expiry having
-- passed, so a worker that heartbeat meanwhile stays.
DELETE FROM workers
WHERE expires_at <= @now
RETURNING worker_id AS WorkerId, host AS Host, process_id AS ProcessId, version AS Version, job_types AS JobTypes,
          concurrency AS Concurrency, transport AS Transport, started_at AS StartedAt, heartbeat_at AS HeartbeatAt,
          expires_at AS ExpiresAt, running AS Running, stopping AS Stopping, @now AS ReadAt;
