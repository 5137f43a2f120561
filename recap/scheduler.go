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
	Logger      *slog.Logger  // nil: slog.Default()

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
	if at, ok, _ := s.plan(sub, s.now()); ok {
		st.NextPost = at
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
		// Claimed but unconfirmed (crash, or failed attempt): resend.
		if sub.RetryAt.After(now) {
			return sub.RetryAt, true, true
		}
		return now, true, true
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

// post claims today for sub (or takes over today's pending claim), sends,
// and records the outcome. It returns when sub next needs work.
func (s *Scheduler) post(ctx context.Context, sub Subscription, now time.Time, resend bool) (time.Time, error) {
	loc := s.location()
	log := s.log().With("guild", sub.GuildID, "channel", sub.ChannelID)

	var p Post
	var r Recap
	if resend {
		p = sub.Last
		var err error
		if r, err = s.Catalog.Recap(p.EpisodeID); err != nil {
			return s.failed(ctx, log, sub, fmt.Errorf("recap for episode %s: %w", p.EpisodeID, err))
		}
	} else {
		today := LocalDate(now, loc)
		episode, err := NextEpisode(s.Catalog.EpisodeIDs(), sub.Last.EpisodeID, sub.GuildID)
		if err == nil {
			r, err = s.Catalog.Recap(episode)
		}
		if err != nil {
			return s.failed(ctx, log, sub, fmt.Errorf("choose episode: %w", err))
		}
		p = Post{
			GuildID:   sub.GuildID,
			LocalDate: today,
			EpisodeID: episode,
			Title:     r.Title,
			Nonce:     Nonce(sub.GuildID, today),
			ClaimedAt: now,
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

	limit := s.SendTimeout
	if limit <= 0 {
		limit = 30 * time.Second
	}
	sendCtx, cancel := context.WithTimeout(ctx, limit)
	messageID, err := s.Sender.SendRecap(sendCtx, sub.ChannelID, r, p.Nonce)
	cancel()
	shuttingDown := ctx.Err() != nil

	// Record the outcome even if ctx ended meanwhile: a sent message left
	// unconfirmed would cost a resend.
	ctx, cancel = context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	switch {
	case err == nil:
		if err := s.Store.Confirm(ctx, sub.GuildID, p.LocalDate, sub.ChannelID, messageID, s.now()); err != nil {
			// Stays pending: the next tick resends with the same nonce and
			// Discord returns the message already created.
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
		return time.Time{}, nil
	case shuttingDown:
		return time.Time{}, nil // shutting down: not the guild's failure
	default:
		return s.failed(ctx, log, sub, err)
	}
}

// failed records a transient failure and when to try again.
func (s *Scheduler) failed(ctx context.Context, log *slog.Logger, sub Subscription, cause error) (time.Time, error) {
	failures := sub.Failures + 1
	retryAt := s.now().Add(backoff(failures))
	log.Warn("recap attempt failed", "failures", failures, "retry_at", retryAt, "err", cause)
	if err := s.Store.RecordFailure(ctx, sub.GuildID, sub.Version, failures, retryAt, cause.Error()); err != nil {
		return retryAt, fmt.Errorf("recap: record failure of guild %s: %w", sub.GuildID, err)
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
