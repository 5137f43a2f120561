-- 👍/👎 on answers: one vote per user and answer message. Mirrors
-- sqlite/migrations/0004.
CREATE TABLE feedback (
    message_id text COLLATE "C" NOT NULL,
    user_id    text COLLATE "C" NOT NULL,
    guild_id   text             NOT NULL DEFAULT '',
    question   text             NOT NULL,
    answer     text             NOT NULL,
    episode_id text             NOT NULL DEFAULT '',
    engine     text             NOT NULL DEFAULT '',
    up         boolean          NOT NULL,
    voted_at   timestamptz      NOT NULL,
    PRIMARY KEY (message_id, user_id)
);

-- Per-server preferences set with /einstellungen; no row = defaults.
CREATE TABLE guild_settings (
    guild_id      text COLLATE "C" NOT NULL PRIMARY KEY,
    hide_spoilers boolean          NOT NULL DEFAULT true
);
