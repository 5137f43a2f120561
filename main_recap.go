package main

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"

	"iafbot/bot"
	"iafbot/metrics"
	"iafbot/postgres"
	"iafbot/recap"
	"iafbot/sqlite"
)

// openRecapStore opens the durable state of the daily recaps: PostgreSQL
// when DATABASE_URL is set (several replicas share it), else the SQLite
// file DATA_DIR/iafbot.db. Schema migrations are applied here. The error
// is one line naming the database (never a password): corrupt file, locked
// by another process, unreachable server, ...
func openRecapStore(ctx context.Context, cfg serveConfig) (store recap.Store, closeDB func() error, where string, err error) {
	if cfg.databaseURL != "" {
		db, err := postgres.Open(ctx, cfg.databaseURL)
		if err != nil {
			return nil, nil, "", err
		}
		return postgres.NewRecapStore(db), db.Close, "postgres " + db.String(), nil
	}
	path := filepath.Join(cfg.dataDir, sqlite.FileName)
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		return nil, nil, "", err
	}
	return sqlite.NewRecapStore(db), db.Close, "sqlite " + path, nil
}

// serveGateway runs the bot and the recap scheduler until ctx ends. On
// shutdown it stops the scheduler first (no post starts or hangs during
// shutdown; one cut short is resent with the same nonce after the
// restart), then the bot (interactions in flight finish). The caller closes
// the database afterwards.
func serveGateway(ctx context.Context, b *bot.Bot, sched *recap.Scheduler, logger *slog.Logger) error {
	if err := b.Start(ctx); err != nil {
		// Release what Start set up; nothing is in flight yet.
		sctx, cancel := context.WithTimeout(context.Background(), bot.DefaultShutdownTimeout)
		defer cancel()
		b.Stop(sctx) //nolint:errcheck // the start error is what matters
		return err
	}

	// The scheduler starts only once the token is known to be good, so a
	// bad token cannot record failures on every subscription.
	schedCtx, stopSched := context.WithCancel(context.Background())
	defer stopSched()
	schedDone := make(chan struct{})
	go func() {
		defer close(schedDone)
		sched.Run(schedCtx) //nolint:errcheck // returns schedCtx.Err()
	}()

	<-ctx.Done()
	logger.Info("shutting down")
	stopSched()
	<-schedDone
	logger.Info("recap scheduler stopped")

	sctx, cancel := context.WithTimeout(context.Background(), bot.DefaultShutdownTimeout)
	defer cancel()
	if err := b.Stop(sctx); err != nil {
		return fmt.Errorf("stopping the bot: %w", err)
	}
	return nil
}

// meteredSender counts the recap posts for /metrics: a SendRecap that
// Discord accepted as sent (a resend answered through the nonce with the
// existing message included), any other as failed, except an attempt cut
// short by shutdown. A nil *metrics.Metrics as m ignores the counts.
type meteredSender struct {
	recap.Sender
	m metrics.Recorder
}

func (s meteredSender) SendRecap(ctx context.Context, channelID string, r recap.Recap, nonce string) (string, error) {
	id, err := s.Sender.SendRecap(ctx, channelID, r, nonce)
	switch {
	case err == nil:
		s.m.RecapSent()
	case ctx.Err() == nil:
		s.m.RecapFailed()
	}
	return id, err
}
