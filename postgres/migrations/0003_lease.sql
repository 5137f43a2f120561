-- A pending post belongs to the scheduler sending it until lease_until;
-- only after that may another replica, or a restarted process, resend it.
-- Taken over and handed back with a conditional UPDATE on the old value.
-- NULL for posts claimed before this version: their lease ends at
-- claimed_at plus the scheduler's lease. Mirrors sqlite/migrations/0003.
ALTER TABLE posts ADD COLUMN lease_until timestamptz;
