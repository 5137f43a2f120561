// Package discordtest is a local Discord peer for end-to-end tests: an HTTP
// server (REST API v9) and a websocket gateway on one 127.0.0.1 port, good
// enough for an unmodified discordgo v0.29.0 Session to run against it.
//
// Why: the bot's behaviour that matters most (acknowledging interactions in
// time, never answering twice, surviving gateway drops and rate limits, not
// duplicating messages after a crash) lives at the protocol boundary, so it is
// tested against the protocol rather than against mocks of discordgo.
//
// # Pointing a client at the peer
//
// In process, give the session the peer's client; the gateway needs nothing
// more because GET /gateway answers with the peer's ws:// URL:
//
//	srv := discordtest.New(t)
//	dg, _ := discordgo.New("Bot " + srv.Token())
//	dg.Client = srv.Client() // rewrites https://discord.com to the peer
//
// (discordgo's Endpoint* variables are computed at init, so changing
// EndpointDiscord does nothing.)
//
// From another process (e.g. a crash test running the bot binary), call
// EnableProxy and start the child with ProxyConfig.Env(): HTTPS_PROXY points
// at the peer, which answers CONNECT discord.com:443 by terminating TLS with
// a certificate from a CA it generated, and SSL_CERT_FILE makes the child
// trust that CA. Go's default transport honours both, and loopback URLs are
// never proxied, so the child dials the ws://127.0.0.1 gateway directly. The
// product needs no test-only configuration. URL() itself is plain HTTP on
// loopback and reachable from any local process.
//
// # What is emulated
//
// Gateway: HELLO, IDENTIFY -> READY (plus GUILD_CREATE per guild added with
// AddGuild, if the Guilds intent is set), heartbeat ACK, RESUME -> replay of
// missed dispatches then RESUMED, INVALID_SESSION for ended sessions, close
// codes 4004 (bad token), 4010 (bad shard), 4014 (privileged intents not
// enabled), sequence numbers, shard routing of guild events. IDENTIFY and
// RESUME payloads are recorded. Tests inject events with Dispatch,
// SendSlashCommand, SendAutocomplete, AddGuild, RemoveGuild, and break the
// connection with DropConnections or InvalidateSessions. A close with code
// 1000/1001 ends a session (as on Discord); a drop keeps it resumable.
//
// REST (all recorded; see Requests, NextRequest, WaitRequests, Match):
// /gateway, /gateway/bot, /users/@me, /applications/@me; application
// commands (global and guild: GET, PUT bulk overwrite, POST, GET/DELETE one;
// IDs kept per name, names and descriptions validated); interaction
// callbacks (JSON or multipart, 204; 404 10062 for an unknown token or after
// the 3 s deadline, 400 40060 for a second callback, response type checked
// against the interaction type); interaction webhooks (followups, GET/PATCH/
// DELETE @original and followups; 404 10015 before the interaction is
// acknowledged); channel messages (create/list/get/edit/delete, nonce with
// enforce_nonce returns the earlier message within the nonce window, content
// and embed limits, 50006 for empty messages; the list newest first with
// limit and before or after, a message's nonce shown only within the nonce
// window) and per-channel 404 10003 / 403 50013 / 403 50001, or an empty
// history as without Read Message History, via SetChannel. Authorization must be
// "Bot <token>" except on /gateway and the token-in-URL routes, else 401.
// FailNext injects errors (429 with retry_after and Retry-After, 5xx, 4xx)
// for the next N matching requests; faulted attempts are recorded too.
// HoldNext holds the next N matching requests before or after the peer
// handles them, until released or the client disconnects, so a test can kill
// a client while its request is in flight (before: the request never
// happened; after: it took effect but the client never saw the answer). Any
// other route answers 404 {"message": "404: Not Found", "code": 0} and is
// recorded, so unexpected calls show up.
//
// # What is not
//
// Voice, zlib/etf transport compression (frames are plain JSON text, which
// discordgo accepts), real rate-limit buckets and X-RateLimit headers,
// permissions computed from roles and overwrites (the test states them),
// guild/member/role REST routes, message components beyond passing them
// through, around in message lists, interaction token expiry after 15 minutes, HTTP-endpoint
// (webhook-delivered) interactions, and gateway heartbeat timeouts on the
// server side. Interaction responses are kept per interaction (Interaction)
// rather than as channel messages (Messages).
//
// All methods are safe for concurrent use. Waits (WaitUntil, NextRequest,
// WaitReady, WaitResponse) re-check their condition on every state change,
// so they never miss an event that happened before the call.
package discordtest
