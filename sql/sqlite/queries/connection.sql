-- Per-connection setup of the SQLite store. PRAGMA values cannot be parameters: the {markers}
-- are replaced by integers from validated options (SqliteStoreOptions), never by user text.

-- name: ConnectionPragmas
-- busy_timeout first, so that the statements after it already wait for locks instead of failing.
-- foreign_keys is off by default in SQLite and per connection; the schema's ON DELETE CASCADE needs it.
PRAGMA busy_timeout = {busy_timeout_ms};
PRAGMA synchronous = {synchronous};
PRAGMA foreign_keys = ON;
-- A WAL that a long reader made grow keeps its size after it was checkpointed (SQLite reuses it
-- from the start); the writer that restarts it truncates it to this many bytes (16 MiB, four times
-- the 1000-page auto-checkpoint, so the WAL of steady work is never cut and regrown).
PRAGMA journal_size_limit = 16777216;

-- name: ConnectionJournalWal
-- Persistent in the file: readers never block the writer and the writer never blocks readers.
-- Returns the journal mode in effect, which stays the old one where WAL is impossible.
PRAGMA journal_mode = WAL;

-- name: ReadProbe
-- The cheapest statement that reads the file through the WAL index: a read-only connection that
-- cannot set up the shared memory fails here rather than in the first real query.
PRAGMA schema_version;

-- name: DataVersion
-- Changes whenever another connection (in any process) commits to the file. Reading it costs no
-- I/O in WAL mode (it is in the shared-memory index), so a listener can poll it often: that is how
-- work committed by another process reaches an idle worker without LISTEN/NOTIFY.
PRAGMA data_version;

-- name: CheckpointTruncate
-- Copies the whole WAL into the database and truncates it to zero bytes, when no reader still
-- needs its frames; otherwise copies what it can and reports busy = 1 (the store runs it with no
-- busy timeout, so it never waits for a reader). Columns: busy, WAL frames, frames checkpointed.
PRAGMA wal_checkpoint(TRUNCATE);
