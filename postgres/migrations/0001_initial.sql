-- One daily-recap subscription per guild. Mirrors sqlite/migrations/0001.
-- Snowflake IDs are text as in the domain; COLLATE "C" orders them
-- bytewise, as SQLite does.
CREATE TABLE subscriptions (
    guild_id    text COLLATE "C" NOT NULL PRIMARY KEY,
    channel_id  text             NOT NULL,
    post_minute integer          NOT NULL CHECK (post_minute BETWEEN 0 AND 1439), -- local minutes after midnight
    since       timestamptz      NOT NULL, -- first post is the first post time at or after it
    version     bigint           NOT NULL DEFAULT 1
);

-- One row per claimed local day. The primary key is what makes
-- "at most one recap per guild and day" hold across crashes and replicas.
CREATE TABLE posts (
    guild_id   text COLLATE "C" NOT NULL REFERENCES subscriptions (guild_id) ON DELETE CASCADE,
    local_date date             NOT NULL, -- Europe/Berlin
    episode_id text             NOT NULL,
    title      text             NOT NULL,
    nonce      text             NOT NULL,
    claimed_at timestamptz      NOT NULL,
    channel_id text, -- set with message_id and sent_at when confirmed
    message_id text,
    sent_at    timestamptz,
    PRIMARY KEY (guild_id, local_date)
);
