-- A planned task is queued, unattempted, and created and visible at its plan transaction's time.
-- As column defaults these no longer travel with each row of a plan's COPY (five of thirteen
-- values per row, a third of the client's cost of writing a row).
ALTER TABLE {schema}.tasks
    ALTER COLUMN status SET DEFAULT 'queued',
    ALTER COLUMN visible_at SET DEFAULT now(),
    ALTER COLUMN created_at SET DEFAULT now();
