-- Send failures: a permanent problem stops posting until re-subscribed,
-- transient ones are retried with backoff.
ALTER TABLE subscriptions ADD COLUMN problem    TEXT    NOT NULL DEFAULT '';
ALTER TABLE subscriptions ADD COLUMN failures   INTEGER NOT NULL DEFAULT 0;
ALTER TABLE subscriptions ADD COLUMN retry_at   TEXT;
ALTER TABLE subscriptions ADD COLUMN last_error TEXT    NOT NULL DEFAULT '';
