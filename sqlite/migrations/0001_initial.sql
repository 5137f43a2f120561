-- One daily-recap subscription per guild.
CREATE TABLE subscriptions (
    guild_id    TEXT    NOT NULL PRIMARY KEY,
    channel_id  TEXT    NOT NULL,
    post_minute INTEGER NOT NULL CHECK (post_minute BETWEEN 0 AND 1439), -- local minutes after midnight
    since       TEXT    NOT NULL, -- UTC; first post is the first post time at or after it
    version     INTEGER NOT NULL DEFAULT 1
);

-- One row per claimed local day. The primary key is what makes
-- "at most one recap per guild and day" hold across crashes and processes.
CREATE TABLE posts (
    guild_id   TEXT NOT NULL REFERENCES subscriptions (guild_id) ON DELETE CASCADE,
    local_date TEXT NOT NULL, -- YYYY-MM-DD, Europe/Berlin
    episode_id TEXT NOT NULL,
    title      TEXT NOT NULL,
    nonce      TEXT NOT NULL,
    claimed_at TEXT NOT NULL,
    channel_id TEXT, -- set with message_id and sent_at when confirmed
    message_id TEXT,
    sent_at    TEXT,
    PRIMARY KEY (guild_id, local_date)
);
