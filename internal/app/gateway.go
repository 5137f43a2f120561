package app

import (
	"context"
	"fmt"

	"iafbot/bot"
	"iafbot/recap"
)

// gateway is the transport of the default mode: one websocket connection
// to Discord per process (or shard); interactions arrive as gateway events
// and responses leave through REST. It also forgets the subscriptions of
// servers that remove the bot (GUILD_DELETE).
type gateway struct {
	b *bot.Bot
}

func (g *gateway) listen(context.Context) error { return nil }

func (g *gateway) connect(ctx context.Context, a *App) (recap.Sender, error) {
	b, err := bot.New(bot.Config{
		Token:      a.cfg.token,
		GuildID:    a.cfg.guildID,
		ShardID:    a.cfg.shardID,
		ShardCount: a.cfg.shardCount,
		Router:     a.router,
		Logger:     a.log,
	})
	if err != nil {
		return nil, err
	}
	g.b = b
	b.ForgetRemovedGuilds(a.sched)
	a.metrics.SetReady(true) // the knowledge base is built; interactions come once the gateway is open
	if err := b.Start(ctx); err != nil {
		return nil, err
	}
	return b, nil
}

func (g *gateway) ready() bool { return true }

// failed: discordgo reconnects by itself, so the gateway never gives up.
func (g *gateway) failed() <-chan error { return nil }

func (g *gateway) stop() error {
	if g.b == nil {
		return nil
	}
	sctx, cancel := context.WithTimeout(context.Background(), bot.DefaultShutdownTimeout)
	defer cancel()
	if err := g.b.Stop(sctx); err != nil {
		return fmt.Errorf("stopping the bot: %w", err)
	}
	return nil
}
