package discordtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"
)

// Identify is one IDENTIFY (op 2) the gateway received.
type Identify struct {
	Time      time.Time
	SessionID string // session created for it; "" if rejected
	Token     string // as sent, usually "Bot <token>"
	Intents   discordgo.Intent
	// Shard is [shard_id, num_shards]; [0, 1] when the client sent none
	// (discordgo only sends it when ShardCount > 1).
	Shard      [2]int
	ShardSent  bool
	Properties map[string]any
	// CloseCode is the gateway close code if the IDENTIFY was rejected
	// (4004 bad token, 4010 invalid shard, 4014 disallowed intents), else 0.
	CloseCode int
}

// Resume is one RESUME (op 6) the gateway received.
type Resume struct {
	Time      time.Time
	SessionID string
	Seq       int64 // last sequence number the client had seen
	Accepted  bool  // false: answered with INVALID_SESSION (op 9)
	Replayed  int   // dispatches replayed because the client missed them
}

// GatewayOp is a client gateway payload other than HEARTBEAT, IDENTIFY and
// RESUME (e.g. op 3 presence update), recorded for assertions.
type GatewayOp struct {
	Time      time.Time
	SessionID string
	Op        int
	Data      json.RawMessage
}

// GatewaySession describes a gateway session: created by IDENTIFY, it
// survives dropped connections (the client RESUMEs it) and ends when the
// client closes with code 1000/1001 or InvalidateSessions is called.
type GatewaySession struct {
	ID         string
	Shard      [2]int
	Intents    discordgo.Intent
	Identified time.Time
	Connected  bool  // a connection is attached and READY/RESUMED was sent
	Ended      bool  // no longer resumable
	Seq        int64 // last sequence number dispatched
	Resumes    int   // successful resumes
	// Heartbeats counts heartbeats on the current connection. discordgo
	// writes its first one right after Open; a drop before it arrives can
	// make discordgo run two reconnect loops (see DropConnections).
	Heartbeats int
}

type gwSession struct {
	id         string
	shard      [2]int
	intents    discordgo.Intent
	identified time.Time
	seq        int64
	log        []logEntry // dispatched frames, for replay on RESUME
	conn       *gwConn
	ended      bool
	resumes    int
}

type logEntry struct {
	seq    int64
	frame  []byte
	replay bool // READY and RESUMED are never replayed
}

type gwConn struct {
	srv   *Server
	ws    *websocket.Conn
	sess  *gwSession // guarded by srv.mu
	ready bool       // guarded by srv.mu; READY/RESUMED sent on this conn
	beats int        // guarded by srv.mu; heartbeats received

	qmu   sync.Mutex
	queue []outFrame
	wake  chan struct{}
	done  chan struct{}
	once  sync.Once
}

type outFrame struct {
	data      []byte
	closeCode int
	closeText string
}

// Gateway close codes used by the peer (Discord's values).
const (
	CloseNotAuthenticated     = 4003
	CloseAuthenticationFailed = 4004
	CloseAlreadyAuthenticated = 4005
	CloseInvalidShard         = 4010
	CloseDisallowedIntents    = 4014
)

const privilegedIntents = discordgo.IntentsGuildMembers | discordgo.IntentsGuildPresences | discordgo.IntentMessageContent

var upgrader = websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}

// send queues a frame; the writer goroutine keeps the order.
func (c *gwConn) send(f outFrame) {
	c.qmu.Lock()
	c.queue = append(c.queue, f)
	c.qmu.Unlock()
	select {
	case c.wake <- struct{}{}:
	default:
	}
}

func (c *gwConn) sendJSON(v any) {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("discordtest: gateway frame: %v", err))
	}
	c.send(outFrame{data: b})
}

// kill closes the TCP connection without a close frame, like a network drop.
func (c *gwConn) kill() {
	c.once.Do(func() {
		close(c.done)
		c.ws.NetConn().Close()
	})
}

func (c *gwConn) writer() {
	defer c.srv.wg.Done()
	for {
		select {
		case <-c.wake:
		case <-c.done:
			return
		}
		c.qmu.Lock()
		q := c.queue
		c.queue = nil
		c.qmu.Unlock()
		for _, f := range q {
			c.ws.SetWriteDeadline(time.Now().Add(5 * time.Second))
			if f.closeCode != 0 {
				c.ws.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(f.closeCode, f.closeText))
				// Let the client read the close frame and hang up; the
				// reader then exits, at the latest after this deadline.
				c.ws.SetReadDeadline(time.Now().Add(2 * time.Second))
				return
			}
			if err := c.ws.WriteMessage(websocket.TextMessage, f.data); err != nil {
				c.kill()
				return
			}
		}
	}
}

func (s *Server) serveGateway(w http.ResponseWriter, r *http.Request) {
	ws, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	c := &gwConn{srv: s, ws: ws, wake: make(chan struct{}, 1), done: make(chan struct{})}
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		ws.NetConn().Close()
		return
	}
	// The upgraded handler keeps running (it is this reader) and is counted
	// by serveHTTP; the writer is counted here.
	s.conns[c] = struct{}{}
	s.wg.Add(1)
	s.mu.Unlock()
	go c.writer()
	defer func() {
		c.kill()
		s.mu.Lock()
		delete(s.conns, c)
		if c.sess != nil && c.sess.conn == c {
			c.sess.conn = nil
		}
		s.notifyLocked()
		s.mu.Unlock()
	}()

	c.sendJSON(map[string]any{"op": 10, "s": nil, "t": nil, "d": map[string]any{"heartbeat_interval": s.heartbeat.Milliseconds()}})

	for {
		_, msg, err := ws.ReadMessage()
		if err != nil {
			s.debugf("gateway connection %p ended: %v", c, err)
			var ce *websocket.CloseError
			if errors.As(err, &ce) && (ce.Code == websocket.CloseNormalClosure || ce.Code == websocket.CloseGoingAway) {
				// A deliberate close ends the session, as on Discord.
				s.mu.Lock()
				if c.sess != nil && c.sess.conn == c {
					c.sess.ended = true
				}
				s.mu.Unlock()
			}
			return
		}
		var p struct {
			Op int             `json:"op"`
			D  json.RawMessage `json:"d"`
		}
		if err := json.Unmarshal(msg, &p); err != nil {
			c.send(outFrame{closeCode: 4002, closeText: "Error while decoding payload."})
			continue
		}
		s.mu.Lock()
		authed := c.sess != nil
		if p.Op != 1 {
			s.debugf("gateway connection %p: op %d (authenticated %v)", c, p.Op, authed)
		}
		switch {
		case p.Op == 1:
			c.sendJSON(map[string]any{"op": 11, "s": nil, "t": nil, "d": nil})
			s.heartbeats++
			c.beats++
			s.notifyLocked()
		case p.Op == 2 && !authed:
			s.identifyLocked(c, p.D)
		case p.Op == 6 && !authed:
			s.resumeLocked(c, p.D)
		case p.Op == 2 || p.Op == 6:
			c.send(outFrame{closeCode: CloseAlreadyAuthenticated, closeText: "Already authenticated."})
		case !authed:
			c.send(outFrame{closeCode: CloseNotAuthenticated, closeText: "Not authenticated."})
		default:
			s.clientOps = append(s.clientOps, GatewayOp{Time: time.Now(), SessionID: c.sess.id, Op: p.Op, Data: append(json.RawMessage(nil), p.D...)})
			s.notifyLocked()
		}
		s.mu.Unlock()
	}
}

func (s *Server) tokenOK(t string) bool {
	return strings.TrimPrefix(t, "Bot ") == s.token && s.token != ""
}

func (s *Server) identifyLocked(c *gwConn, raw json.RawMessage) {
	var d struct {
		Token      string         `json:"token"`
		Intents    int64          `json:"intents"`
		Shard      *[2]int        `json:"shard"`
		Properties map[string]any `json:"properties"`
	}
	json.Unmarshal(raw, &d) //nolint:errcheck // a malformed identify is rejected by token check
	rec := Identify{Time: time.Now(), Token: d.Token, Intents: discordgo.Intent(d.Intents), Shard: [2]int{0, 1}, Properties: d.Properties}
	if d.Shard != nil {
		rec.Shard, rec.ShardSent = *d.Shard, true
	}
	defer func() {
		s.identifies = append(s.identifies, rec)
		s.notifyLocked()
	}()
	switch {
	case !s.tokenOK(d.Token):
		rec.CloseCode = CloseAuthenticationFailed
		c.send(outFrame{closeCode: rec.CloseCode, closeText: "Authentication failed."})
		return
	case rec.Shard[1] < 1 || rec.Shard[0] < 0 || rec.Shard[0] >= rec.Shard[1]:
		rec.CloseCode = CloseInvalidShard
		c.send(outFrame{closeCode: rec.CloseCode, closeText: "Invalid shard."})
		return
	case rec.Intents&privilegedIntents&^s.privileged != 0:
		rec.CloseCode = CloseDisallowedIntents
		c.send(outFrame{closeCode: rec.CloseCode, closeText: "Disallowed intent(s)."})
		return
	}
	sess := &gwSession{id: randomHex(16), shard: rec.Shard, intents: rec.Intents, identified: rec.Time, conn: c}
	rec.SessionID = sess.id
	s.sessions[sess.id] = sess
	s.sessOrder = append(s.sessOrder, sess)
	c.sess, c.ready = sess, true

	var unavailable []any
	var owned []*discordgo.Guild
	for _, g := range s.guilds {
		if sess.ownsGuild(g.ID) {
			unavailable = append(unavailable, map[string]any{"id": g.ID, "unavailable": true})
			owned = append(owned, g)
		}
	}
	if unavailable == nil {
		unavailable = []any{}
	}
	s.dispatchLocked(sess, "READY", map[string]any{
		"v":                  9,
		"user":               s.bot,
		"guilds":             unavailable,
		"session_id":         sess.id,
		"session_type":       "normal",
		"resume_gateway_url": s.GatewayURL(),
		"shard":              rec.Shard,
		"application":        map[string]any{"id": s.appID, "flags": 0},
		"private_channels":   []any{},
	}, false)
	// Like Discord, follow READY with a GUILD_CREATE per guild.
	if sess.intents&discordgo.IntentGuilds != 0 {
		for _, g := range owned {
			s.dispatchLocked(sess, "GUILD_CREATE", guildPayload(g), true)
		}
	}
}

func (s *Server) resumeLocked(c *gwConn, raw json.RawMessage) {
	var d struct {
		Token     string `json:"token"`
		SessionID string `json:"session_id"`
		Seq       int64  `json:"seq"`
	}
	json.Unmarshal(raw, &d) //nolint:errcheck // rejected below
	rec := Resume{Time: time.Now(), SessionID: d.SessionID, Seq: d.Seq}
	defer func() {
		s.resumes = append(s.resumes, rec)
		s.notifyLocked()
	}()
	if !s.tokenOK(d.Token) {
		c.send(outFrame{closeCode: CloseAuthenticationFailed, closeText: "Authentication failed."})
		return
	}
	sess := s.sessions[d.SessionID]
	if sess == nil || sess.ended {
		// INVALID_SESSION, not resumable: the client must IDENTIFY anew.
		c.sendJSON(map[string]any{"op": 9, "s": nil, "t": nil, "d": false})
		return
	}
	if old := sess.conn; old != nil && old != c {
		old.ready = false
		old.kill()
	}
	sess.conn, c.sess, c.ready = c, sess, true
	sess.resumes++
	rec.Accepted = true
	for _, e := range sess.log {
		if e.seq > d.Seq && e.replay {
			c.send(outFrame{data: e.frame})
			rec.Replayed++
		}
	}
	s.dispatchLocked(sess, "RESUMED", map[string]any{}, false)
}

// dispatchLocked assigns the next sequence number, logs the frame for
// replay and sends it if the session has a live connection.
func (s *Server) dispatchLocked(sess *gwSession, event string, data any, replay bool) error {
	var raw json.RawMessage
	switch d := data.(type) {
	case json.RawMessage:
		raw = d
	case []byte:
		raw = d
	default:
		b, err := json.Marshal(data)
		if err != nil {
			return fmt.Errorf("discordtest: dispatch %s: %w", event, err)
		}
		raw = b
	}
	sess.seq++
	frame, err := json.Marshal(map[string]any{"op": 0, "s": sess.seq, "t": event, "d": raw})
	if err != nil {
		return fmt.Errorf("discordtest: dispatch %s: %w", event, err)
	}
	sess.log = append(sess.log, logEntry{seq: sess.seq, frame: frame, replay: replay})
	if sess.conn != nil && sess.conn.ready {
		sess.conn.send(outFrame{data: frame})
	}
	s.notifyLocked()
	return nil
}

func (g *gwSession) ownsGuild(guildID string) bool {
	if g.shard[1] <= 1 {
		return true
	}
	id, err := strconv.ParseUint(guildID, 10, 64)
	if err != nil {
		return g.shard[0] == 0
	}
	return int((id>>22)%uint64(g.shard[1])) == g.shard[0]
}

// ErrNoSession is returned when a dispatch has no live gateway session to
// go to.
var ErrNoSession = errors.New("discordtest: no live gateway session")

// Dispatch sends a dispatch event (op 0) with the given type and data to
// every live session. Data is JSON-encoded (json.RawMessage and []byte are
// sent as is). A session whose connection is down gets the event when it
// resumes, as on Discord. It returns the number of sessions reached.
func (s *Server) Dispatch(event string, data any) (int, error) {
	return s.dispatchWhere(event, data, func(*gwSession) bool { return true })
}

// DispatchGuild is Dispatch restricted to the sessions whose shard owns
// guildID ((guild_id >> 22) % num_shards == shard_id).
func (s *Server) DispatchGuild(guildID, event string, data any) (int, error) {
	return s.dispatchWhere(event, data, func(g *gwSession) bool { return g.ownsGuild(guildID) })
}

// DispatchTo sends a dispatch event to one session.
func (s *Server) DispatchTo(sessionID, event string, data any) error {
	n, err := s.dispatchWhere(event, data, func(g *gwSession) bool { return g.id == sessionID })
	if err == nil && n == 0 {
		err = ErrNoSession
	}
	return err
}

func (s *Server) dispatchWhere(event string, data any, pick func(*gwSession) bool) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return 0, ErrClosed
	}
	n := 0
	for _, g := range s.sessOrder {
		if g.ended || !pick(g) {
			continue
		}
		if err := s.dispatchLocked(g, event, data, true); err != nil {
			return n, err
		}
		n++
	}
	if n == 0 {
		return 0, ErrNoSession
	}
	return n, nil
}

// DropConnections abruptly closes every gateway connection (no close frame),
// like a network failure. Sessions stay resumable; events dispatched until
// the client resumes are replayed then. It returns the number of
// connections closed. Sessions are marked disconnected before it returns, so
// a following WaitReady waits for the reconnection.
//
// discordgo v0.29.0 caveat: if its heartbeat goroutine fails a write on the
// dropped connection after the read loop has started reconnecting, it calls
// Close and reconnect too, closing the new connection (two reconnect loops;
// it settles after a few seconds). Its first heartbeat is written right after
// Open, so tests that want a clean resume first wait for it with WaitHeartbeat.
func (s *Server) DropConnections() int {
	s.mu.Lock()
	conns := make([]*gwConn, 0, len(s.conns))
	for c := range s.conns {
		conns = append(conns, c)
		c.ready = false
		if c.sess != nil && c.sess.conn == c {
			c.sess.conn = nil
		}
	}
	s.notifyLocked()
	s.mu.Unlock()
	for _, c := range conns {
		c.kill()
	}
	return len(conns)
}

// InvalidateSessions ends every session and drops the connections: the
// client's RESUME gets INVALID_SESSION (op 9) and it must IDENTIFY again,
// receiving a new READY.
func (s *Server) InvalidateSessions() {
	s.mu.Lock()
	for _, g := range s.sessOrder {
		g.ended = true
	}
	s.mu.Unlock()
	s.DropConnections()
}

// Sessions returns every gateway session, in IDENTIFY order.
func (s *Server) Sessions() []GatewaySession {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]GatewaySession, 0, len(s.sessOrder))
	for _, g := range s.sessOrder {
		gs := GatewaySession{
			ID: g.id, Shard: g.shard, Intents: g.intents, Identified: g.identified,
			Connected: g.conn != nil && g.conn.ready, Ended: g.ended, Seq: g.seq, Resumes: g.resumes,
		}
		if g.conn != nil {
			gs.Heartbeats = g.conn.beats
		}
		out = append(out, gs)
	}
	return out
}

// WaitReady waits until at least n sessions are connected (READY or
// RESUMED sent on a live connection) and returns the connected ones.
func (s *Server) WaitReady(ctx context.Context, n int) ([]GatewaySession, error) {
	var got []GatewaySession
	err := s.WaitUntil(ctx, func() bool {
		got = got[:0]
		for _, g := range s.Sessions() {
			if g.Connected {
				got = append(got, g)
			}
		}
		return len(got) >= n
	})
	return got, err
}

// WaitHeartbeat waits until every connected session has received at least
// one heartbeat on its current connection (see DropConnections).
func (s *Server) WaitHeartbeat(ctx context.Context) error {
	return s.WaitUntil(ctx, func() bool {
		for _, g := range s.Sessions() {
			if g.Connected && g.Heartbeats == 0 {
				return false
			}
		}
		return true
	})
}

// Identifies returns every IDENTIFY received, including rejected ones.
func (s *Server) Identifies() []Identify {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Identify(nil), s.identifies...)
}

// Resumes returns every RESUME received.
func (s *Server) Resumes() []Resume {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Resume(nil), s.resumes...)
}

// ClientOps returns the other gateway payloads clients sent.
func (s *Server) ClientOps() []GatewayOp {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]GatewayOp(nil), s.clientOps...)
}

// Heartbeats returns how many heartbeats (op 1) were received and ACKed.
func (s *Server) Heartbeats() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.heartbeats
}

// AddGuild adds (or replaces) a guild the bot is a member of. It is listed
// in READY and followed by GUILD_CREATE on every later IDENTIFY, and live
// sessions with the Guilds intent get a GUILD_CREATE now (the bot joining).
func (s *Server) AddGuild(g discordgo.Guild) {
	s.mu.Lock()
	defer s.mu.Unlock()
	gc := g
	replaced := false
	for i, old := range s.guilds {
		if old.ID == g.ID {
			s.guilds[i], replaced = &gc, true
		}
	}
	if !replaced {
		s.guilds = append(s.guilds, &gc)
	}
	for _, sess := range s.sessOrder {
		if !sess.ended && sess.intents&discordgo.IntentGuilds != 0 && sess.ownsGuild(g.ID) {
			s.dispatchLocked(sess, "GUILD_CREATE", guildPayload(&gc), true)
		}
	}
	s.notifyLocked()
}

// RemoveGuild removes a guild and sends GUILD_DELETE without "unavailable"
// (the bot was kicked or the guild deleted) to sessions with the Guilds
// intent.
func (s *Server) RemoveGuild(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, g := range s.guilds {
		if g.ID == id {
			s.guilds = append(s.guilds[:i:i], s.guilds[i+1:]...)
			break
		}
	}
	for _, sess := range s.sessOrder {
		if !sess.ended && sess.intents&discordgo.IntentGuilds != 0 && sess.ownsGuild(id) {
			s.dispatchLocked(sess, "GUILD_DELETE", map[string]any{"id": id}, true)
		}
	}
	s.notifyLocked()
}

// Guilds returns the guilds the bot is in.
func (s *Server) Guilds() []discordgo.Guild {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]discordgo.Guild, len(s.guilds))
	for i, g := range s.guilds {
		out[i] = *g
	}
	return out
}

// guildPayload is the GUILD_CREATE body for g.
func guildPayload(g *discordgo.Guild) json.RawMessage {
	b, err := json.Marshal(g)
	if err != nil {
		panic(fmt.Sprintf("discordtest: guild: %v", err))
	}
	var m map[string]any
	json.Unmarshal(b, &m) //nolint:errcheck // just marshalled
	m["unavailable"] = false
	for _, k := range []string{"channels", "members", "roles", "emojis", "threads", "voice_states", "presences", "stickers"} {
		if m[k] == nil {
			m[k] = []any{}
		}
	}
	b, _ = json.Marshal(m)
	return b
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b) //nolint:errcheck // never fails
	return hex.EncodeToString(b)
}
