-- 👍/👎 on answers: one vote per user and answer message.
CREATE TABLE feedback (
    message_id TEXT    NOT NULL,
    user_id    TEXT    NOT NULL,
    guild_id   TEXT    NOT NULL DEFAULT '',
    question   TEXT    NOT NULL,
    answer     TEXT    NOT NULL,
    episode_id TEXT    NOT NULL DEFAULT '',
    engine     TEXT    NOT NULL DEFAULT '',
    up         INTEGER NOT NULL CHECK (up IN (0, 1)),
    voted_at   TEXT    NOT NULL, -- UTC
    PRIMARY KEY (message_id, user_id)
);

-- Per-server preferences set with /einstellungen; no row = defaults.
CREATE TABLE guild_settings (
    guild_id      TEXT    NOT NULL PRIMARY KEY,
    hide_spoilers INTEGER NOT NULL DEFAULT 1 CHECK (hide_spoilers IN (0, 1))
);
