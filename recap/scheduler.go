package recap

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"
)

// Scheduler posts the daily recaps of the guilds its shard owns, and is the
// entry point for the /recap commands.
//
// All state lives in Store; a Scheduler can be dropped and recreated at
// any moment (crash, restart, redeploy) without losing or doubling a post.
// Only the fields Store, Catalog and Sender are required.
type Scheduler struct {
	Store   Store
	Catalog Catalog
	Sender  Sender

	Clock    Clock          // nil: SystemClock
	Location *time.Location // time zone of posting times; nil: Berlin

	// The scheduler posts only for guilds whose events this gateway shard
	// receives, so several shard processes can share one database.
	// ShardCount below 2 means a single shard owning every guild.
	ShardID    int
	ShardCount int

	Concurrency int           // parallel sends per tick; 0: 4
	SendTimeout time.Duration // bound on one SendRecap call; 0: 30 s

	// Lease is how long a claimed post belongs to the scheduler sending it
	// (see Post.LeaseUntil). Other schedulers sharing the store, and this
	// one after a restart, resend a pending post only once its lease has
	// passed: a slow send is never doubled, and a post whose sender was
	// killed is resent (same nonce) at most Lease after it was claimed.
	// It must cover SendTimeout; a shorter one is raised to it. 0:
	// SendTimeout + 1 min. The margin over SendTimeout also absorbs clock
	// differences between replicas, which must stay well below it.
	Lease time.Duration

	Logger *slog.Logger // nil: slog.Default()

	nudgeOnce sync.Once
	nudgeCh   chan struct{}
}

// NewScheduler returns a single-shard scheduler with default settings.
func NewScheduler(store Store, catalog Catalog, sender Sender) *Scheduler {
	return &Scheduler{Store: store, Catalog: catalog, Sender: sender}
}

func (s *Scheduler) now() time.Time {
	if s.Clock == nil {
		return time.Now()
	}
	return s.Clock.Now()
}

func (s *Scheduler) after(d time.Duration) <-chan time.Time {
	if s.Clock == nil {
		return time.After(d)
	}
	return s.Clock.After(d)
}

func (s *Scheduler) location() *time.Location {
	if s.Location == nil {
		return Berlin
	}
	return s.Location
}

func (s *Scheduler) sendTimeout() time.Duration {
	if s.SendTimeout <= 0 {
		return 30 * time.Second
	}
	return s.SendTimeout
}

func (s *Scheduler) lease() time.Duration {
	if s.Lease <= 0 {
		return s.sendTimeout() + time.Minute
	}
	return max(s.Lease, s.sendTimeout())
}

// leaseEnd is when p stops being in flight. Posts claimed before leases
// were stored have none; theirs ends a lease after the claim.
func (s *Scheduler) leaseEnd(p Post) time.Time {
	if p.LeaseUntil.IsZero() {
		return p.ClaimedAt.Add(s.lease())
	}
	return p.LeaseUntil
}

func (s *Scheduler) log() *slog.Logger {
	if s.Logger == nil {
		return slog.Default()
	}
	return s.Logger
}

func (s *Scheduler) nudges() chan struct{} {
	s.nudgeOnce.Do(func() { s.nudgeCh = make(chan struct{}, 1) })
	return s.nudgeCh
}

// Nudge makes Run re-plan now instead of at its next wake-up. It never
// blocks.
func (s *Scheduler) Nudge() {
	select {
	case s.nudges() <- struct{}{}:
	default: // a nudge is already pending
	}
}

// Owns reports whether guildID belongs to this scheduler's shard.
func (s *Scheduler) Owns(guildID string) (bool, error) {
	shard, err := ShardOf(guildID, s.ShardCount)
	if err != nil {
		return false, err
	}
	return s.ShardCount < 2 || shard == s.ShardID, nil
}

// Subscribe creates or replaces the guild's subscription (one per guild)
// and clears a previous problem. The first post is at the next t.
func (s *Scheduler) Subscribe(ctx context.Context, guildID, channelID string, t TimeOfDay) error {
	if _, err := parseSnowflake(guildID); err != nil {
		return err
	}
	if _, err := parseSnowflake(channelID); err != nil {
		return err
	}
	if !t.Valid() {
		return fmt.Errorf("recap: time of day out of range: %d minutes", int(t))
	}
	err := s.Store.Subscribe(ctx, Subscription{GuildID: guildID, ChannelID: channelID, Time: t, Since: s.now()})
	if err != nil {
		return fmt.Errorf("recap: subscribe guild %s: %w", guildID, err)
	}
	s.Nudge()
	return nil
}

// RemoveGuild forgets the guild's subscription and history. Call it when
// the bot was removed from the guild (GUILD_DELETE without "unavailable";
// an unavailable guild is an outage and must be kept).
func (s *Scheduler) RemoveGuild(ctx context.Context, guildID string) error {
	if err := s.Store.DeleteGuild(ctx, guildID); err != nil {
		return fmt.Errorf("recap: delete guild %s: %w", guildID, err)
	}
	return nil
}

// Status is what /recap status shows.
type Status struct {
	Subscription // ChannelID, Time, Problem, LastError, RetryAt, ...

	// NextPost is the next planned attempt; zero while Problem is set. It
	// is not after now when the post is due or being retried.
	NextPost time.Time

	// LastSent is the newest sent post; zero if none yet.
	LastSent Post
}

// Status returns the guild's subscription state, or ErrNotFound.
func (s *Scheduler) Status(ctx context.Context, guildID string) (Status, error) {
	sub, err := s.Store.Subscription(ctx, guildID)
	if err != nil {
		return Status{}, err
	}
	st := Status{Subscription: sub}
	now := s.now()
	if at, ok, resend := s.plan(sub, now); ok {
		st.NextPost = at
		if resend && !sub.RetryAt.After(now) {
			// In flight: being sent, or resent once a lost sender's lease
			// ends; either way due, not a planned later attempt.
			st.NextPost = now
		}
	}
	// A month of unsent days would be a problem visible in LastError anyway.
	posts, err := s.Store.Posts(ctx, guildID, 31)
	if err != nil {
		return Status{}, err
	}
	for _, p := range posts {
		if p.Sent() {
			st.LastSent = p
			break
		}
	}
	return st, nil
}

// Preview returns the recap the guild gets today (or got, if already
// posted), without claiming anything. Guilds without subscription get the
// episode their rotation would start with.
func (s *Scheduler) Preview(ctx context.Context, guildID string) (Recap, error) {
	sub, err := s.Store.Subscription(ctx, guildID)
	if errors.Is(err, ErrNotFound) {
		sub = Subscription{GuildID: guildID}
	} else if err != nil {
		return Recap{}, err
	}
	episode := sub.Last.EpisodeID
	if sub.Last.LocalDate != LocalDate(s.now(), s.location()) {
		if episode, err = NextEpisode(s.Catalog.EpisodeIDs(), sub.Last.EpisodeID, guildID); err != nil {
			return Recap{}, err
		}
	}
	return s.Catalog.Recap(episode)
}

// plan says when sub next needs work (ok false: never, it is broken) and
// whether that work is resending today's pending claim.
func (s *Scheduler) plan(sub Subscription, now time.Time) (at time.Time, ok, resend bool) {
	if sub.Problem != "" {
		return time.Time{}, false, false
	}
	loc := s.location()
	today := LocalDate(now, loc)
	last := sub.Last
	switch {
	case last.LocalDate == today && !last.Sent():
		// Claimed but unconfirmed: in flight until its lease ends (another
		// replica, or this process before a restart, may be sending it);
		// then resent (crash, or failed attempt), not before RetryAt.
		return latest(now, s.leaseEnd(last), sub.RetryAt), true, true
	case last.LocalDate != "" && last.LocalDate >= today:
		// Done today; a later date only after the clock went back.
		return PostTime(addDays(last.LocalDate, 1), sub.Time, loc), true, false
	}
	// Today is open. Catching up later in the day is fine; an earlier
	// missed day is not caught up, since only today is considered.
	day := max(today, LocalDate(sub.Since, loc))
	at = PostTime(day, sub.Time, loc)
	if at.Before(sub.Since) {
		at = PostTime(addDays(day, 1), sub.Time, loc)
	}
	if sub.RetryAt.After(at) {
		at = sub.RetryAt
	}
	return at, true, false
}

func latest(t time.Time, ts ...time.Time) time.Time {
	for _, u := range ts {
		if u.After(t) {
			t = u
		}
	}
	return t
}

// Tick does all work due at the clock's current time and returns the
// earliest time more work is due (zero if none is planned). Sends to
// different guilds run in parallel, so a slow or failing guild does not
// delay the others. The error joins store failures; send failures are
// handled (retried or marked) and only logged.
func (s *Scheduler) Tick(ctx context.Context) (next time.Time, err error) {
	now := s.now()
	subs, err := s.Store.Subscriptions(ctx)
	if err != nil {
		return time.Time{}, fmt.Errorf("recap: load subscriptions: %w", err)
	}

	var (
		mu   sync.Mutex
		errs []error
		wg   sync.WaitGroup
	)
	merge := func(at time.Time, err error) {
		mu.Lock()
		defer mu.Unlock()
		if !at.IsZero() && (next.IsZero() || at.Before(next)) {
			next = at
		}
		if err != nil {
			errs = append(errs, err)
		}
	}

	limit := s.Concurrency
	if limit <= 0 {
		limit = 4
	}
	slots := make(chan struct{}, limit)
	for _, sub := range subs {
		if own, err := s.Owns(sub.GuildID); err != nil || !own {
			merge(time.Time{}, err)
			continue
		}
		at, ok, resend := s.plan(sub, now)
		if !ok {
			continue
		}
		if at.After(now) {
			merge(at, nil)
			continue
		}
		slots <- struct{}{}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-slots }()
			merge(s.post(ctx, sub, now, resend))
		}()
	}
	wg.Wait()
	return next, errors.Join(errs...)
}

// post claims today for sub (or takes over today's pending claim once its
// lease expired), sends, and records the outcome. It returns when sub next
// needs work.
func (s *Scheduler) post(ctx context.Context, sub Subscription, now time.Time, resend bool) (time.Time, error) {
	loc := s.location()
	log := s.log().With("guild", sub.GuildID, "channel", sub.ChannelID)

	var p Post
	var r Recap
	if resend {
		// Take the lease first, so that of all schedulers that found the
		// lease expired exactly one resends (or records a failure).
		p = sub.Last
		until := s.now().Add(s.lease())
		took, err := s.Store.Lease(ctx, sub.GuildID, p.LocalDate, p.LeaseUntil, until)
		if err != nil {
			return time.Time{}, fmt.Errorf("recap: take over %s for guild %s: %w", p.LocalDate, sub.GuildID, err)
		}
		if !took {
			// Another scheduler took it over, or it was sent or deleted
			// meanwhile; the next tick plans from fresh state.
			return now, nil
		}
		log.Info("recap resending today's unconfirmed post", "date", p.LocalDate, "claimed_at", p.ClaimedAt, "lease_was", p.LeaseUntil)
		p.LeaseUntil = until
		if r, err = s.Catalog.Recap(p.EpisodeID); err != nil {
			return s.failed(ctx, log, sub, &p, fmt.Errorf("recap for episode %s: %w", p.EpisodeID, err))
		}
	} else {
		today := LocalDate(now, loc)
		episode, err := NextEpisode(s.Catalog.EpisodeIDs(), sub.Last.EpisodeID, sub.GuildID)
		if err == nil {
			r, err = s.Catalog.Recap(episode)
		}
		if err != nil {
			return s.failed(ctx, log, sub, nil, fmt.Errorf("choose episode: %w", err))
		}
		// The lease runs from now, not from the tick's start: a guild may
		// have waited for a free send slot.
		claimedAt := s.now()
		p = Post{
			GuildID:    sub.GuildID,
			LocalDate:  today,
			EpisodeID:  episode,
			Title:      r.Title,
			Nonce:      Nonce(sub.GuildID, today),
			ClaimedAt:  claimedAt,
			LeaseUntil: claimedAt.Add(s.lease()),
		}
		claimed, err := s.Store.Claim(ctx, p)
		if err != nil {
			return time.Time{}, fmt.Errorf("recap: claim %s for guild %s: %w", today, sub.GuildID, err)
		}
		if !claimed {
			// Someone else (another tick, a re-subscribe) changed the
			// state in between; the next tick plans from fresh state.
			return now, nil
		}
	}

	// The send ends before the lease does, so no other scheduler can take
	// the post over (and send it again) while this one still sends it.
	sendCtx, cancel := context.WithTimeout(ctx, min(s.sendTimeout(), p.LeaseUntil.Sub(s.now())))
	var messageID string
	var err error
	if resend {
		// An earlier attempt may have got through longer ago than
		// Discord remembers the nonce; then only the channel tells.
		messageID, err = s.find(sendCtx, log, sub.ChannelID, p)
	}
	if err == nil && messageID == "" {
		r.Date = p.LocalDate
		messageID, err = s.Sender.SendRecap(sendCtx, sub.ChannelID, r, p.Nonce)
	}
	cancel()
	shuttingDown := ctx.Err() != nil

	// Record the outcome even if ctx ended meanwhile: a sent message left
	// unconfirmed would cost a resend.
	ctx, cancel = context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	switch {
	case err == nil:
		if err := s.Store.Confirm(ctx, sub.GuildID, p.LocalDate, sub.ChannelID, messageID, s.now()); err != nil {
			// Stays pending: handed back, the next tick resends with the
			// same nonce and Discord returns the message already created.
			s.handBack(ctx, log, p, s.now())
			return s.now(), fmt.Errorf("recap: confirm %s for guild %s: %w", p.LocalDate, sub.GuildID, err)
		}
		log.Info("recap posted", "date", p.LocalDate, "episode", p.EpisodeID, "message", messageID)
		return PostTime(addDays(p.LocalDate, 1), sub.Time, loc), nil
	case errors.Is(err, ErrPermanent):
		problem := problemText(err, sub.ChannelID)
		log.Warn("recap subscription broken", "date", p.LocalDate, "err", err)
		if err := s.Store.MarkBroken(ctx, sub.GuildID, sub.Version, problem); err != nil {
			return time.Time{}, fmt.Errorf("recap: mark guild %s broken: %w", sub.GuildID, err)
		}
		// A re-subscribe may resend today's post at once.
		s.handBack(ctx, log, p, s.now())
		return time.Time{}, nil
	case shuttingDown:
		// Not the guild's failure; another replica may take over now.
		s.handBack(ctx, log, p, s.now())
		return time.Time{}, nil
	default:
		return s.failed(ctx, log, sub, &p, err)
	}
}

// find asks the Sender, if it is a Finder, for the message an earlier
// attempt at p created in channelID.
func (s *Scheduler) find(ctx context.Context, log *slog.Logger, channelID string, p Post) (string, error) {
	f, ok := s.Sender.(Finder)
	if !ok {
		return "", nil
	}
	id, err := f.FindRecap(ctx, channelID, p)
	if id != "" && err == nil {
		log.Info("recap found in the channel, posted by an earlier attempt; not sending it again", "date", p.LocalDate, "message", id)
	}
	return id, err
}

// handBack moves the lease this scheduler holds on p to until, from when
// anyone may resend p. Losing the race is fine: another scheduler took the
// post over after the lease had expired. A store error is logged only; the
// lease then simply runs out.
func (s *Scheduler) handBack(ctx context.Context, log *slog.Logger, p Post, until time.Time) {
	if _, err := s.Store.Lease(ctx, p.GuildID, p.LocalDate, p.LeaseUntil, until); err != nil {
		log.Warn("recap: hand back lease", "date", p.LocalDate, "err", err)
	}
}

// failed records a transient failure and when to try again. p is the post
// whose lease this scheduler holds, if any; it is handed back for then.
func (s *Scheduler) failed(ctx context.Context, log *slog.Logger, sub Subscription, p *Post, cause error) (time.Time, error) {
	now := s.now()
	var retryAt time.Time
	// Discord's Retry-After (a 429) is a floor: retrying earlier only
	// collects more 429s.
	var floor time.Duration
	var ra interface{ RetryAfter() time.Duration }
	if errors.As(cause, &ra) {
		floor = ra.RetryAfter()
	}
	failures, err := s.Store.RecordFailure(ctx, sub.GuildID, sub.Version, cause.Error(), func(failures int) time.Time {
		retryAt = now.Add(max(backoff(failures), floor))
		return retryAt
	})
	if err != nil {
		// The lease is kept: it runs out by itself.
		retryAt = now.Add(backoff(sub.Failures + 1))
		log.Warn("recap attempt failed", "retry_at", retryAt, "err", cause)
		return retryAt, fmt.Errorf("recap: record failure of guild %s: %w", sub.GuildID, err)
	}
	if failures == 0 {
		// Re-subscribed or removed meanwhile: plan again from fresh state.
		retryAt = now
		log.Info("recap attempt failed for an outdated subscription", "err", cause)
	} else {
		log.Warn("recap attempt failed", "failures", failures, "retry_at", retryAt, "err", cause)
	}
	if p != nil {
		s.handBack(ctx, log, *p, retryAt)
	}
	return retryAt, nil
}

// Run ticks until ctx ends: at the next due time, at least once a minute
// (so subscriptions written by another process are seen), and at once
// after Nudge. It returns ctx.Err().
func (s *Scheduler) Run(ctx context.Context) error {
	for {
		next, err := s.Tick(ctx)
		if err != nil && ctx.Err() == nil {
			s.log().Error("recap tick", "err", err)
		}
		wait := time.Minute
		if !next.IsZero() {
			// At least a second, so an unexpected always-due state cannot spin.
			wait = min(wait, max(time.Second, next.Sub(s.now())))
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-s.after(wait):
		case <-s.nudges():
		}
	}
}
