-- Leases given back after a long write (SqliteStore.LongWrites.cs). Times are Unix epoch
-- milliseconds: @locked_at is when the write took the file's lock, @held how long it kept it.
-- SQLite has one writer per file, so no lease could be renewed while the write held the lock: each
-- lease still running when the lock was taken gets that time back, in the same transaction, so no
-- janitor round ever sees it lapsed for want of a renewal the store itself refused. A lease that had
-- lapsed before (its holder lost or hung) is not revived, and a task claimed by the write itself
-- (claimed_at after the lock was taken) starts its lease from its claim as usual; one claimed in the
-- very millisecond the lock was taken gets the time back too, as it may have been claimed before.

-- name: TaskLeasesGiveBack
-- Through the partial lease index: a range of the processing tasks' expiry times.
UPDATE tasks
SET lease_expires_at = lease_expires_at + @held
WHERE status = 'processing' AND lease_expires_at >= @locked_at AND claimed_at <= @locked_at;

-- name: WorkLeasesGiveBack
-- Control items (plan, finalize) are few: the pending steps of live jobs.
UPDATE job_work
SET lease_expires_at = lease_expires_at + @held
WHERE lease_expires_at >= @locked_at;
