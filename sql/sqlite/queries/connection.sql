-- Per-connection setup of the SQLite store. PRAGMA values cannot be parameters: the {markers}
-- are replaced by integers from validated options (SqliteStoreOptions), never by user text.

-- name: ConnectionPragmas
-- busy_timeout first, so that the statements after it already wait for locks instead of failing.
-- foreign_keys is off by default in SQLite and per connection; the schema's ON DELETE CASCADE needs it.
PRAGMA busy_timeout = {busy_timeout_ms};
PRAGMA synchronous = {synchronous};
PRAGMA foreign_keys = ON;

-- name: ConnectionJournalWal
-- Persistent in the file: readers never block the writer and the writer never blocks readers.
-- Returns the journal mode in effect, which stays the old one where WAL is impossible.
PRAGMA journal_mode = WAL;

-- name: DataVersion
-- Changes whenever another connection (in any process) commits to the file. Reading it costs no
-- I/O in WAL mode (it is in the shared-memory index), so a listener can poll it often: that is how
-- work committed by another process reaches an idle worker without LISTEN/NOTIFY.
PRAGMA data_version;
