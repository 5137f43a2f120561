-- Send failures: a permanent problem stops posting until re-subscribed,
-- transient ones are retried with backoff. Mirrors sqlite/migrations/0002.
ALTER TABLE subscriptions
    ADD COLUMN problem    text    NOT NULL DEFAULT '',
    ADD COLUMN failures   integer NOT NULL DEFAULT 0,
    ADD COLUMN retry_at   timestamptz,
    ADD COLUMN last_error text    NOT NULL DEFAULT '';
