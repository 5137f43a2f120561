package recap_test

import (
	"context"
	"errors"
	"log"
	"os"
	"path/filepath"

	"iafbot/recap"
	"iafbot/sqlite"
)

// restError stands in for the Discord library's REST error, whose HTTP
// status the bot's Sender passes to ClassifyHTTP.
type restError struct{ status int }

func (e *restError) Error() string { return "discord REST error" }

type discordSender struct {
	post func(channelID, content, nonce string) (string, error)
}

func (s discordSender) SendRecap(ctx context.Context, channelID string, r recap.Recap, nonce string) (string, error) {
	// The real sender builds an embed and sets Nonce and EnforceNonce.
	id, err := s.post(channelID, r.Title+"\n"+r.Summary, nonce)
	if re := (*restError)(nil); errors.As(err, &re) {
		return "", recap.ClassifyHTTP(re.status, err) // 403/404 stop, the rest is retried
	}
	return id, err // network errors: retried
}

// Wiring as the bot does it: one database file in DATA_DIR, one scheduler
// per shard process, commands calling the scheduler.
func Example() {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	dataDir := os.Getenv("DATA_DIR")
	if dataDir == "" {
		dataDir = "./data"
	}
	db, err := sqlite.Open(ctx, filepath.Join(dataDir, sqlite.FileName))
	if err != nil {
		log.Fatal(err) // names the file: locked by another process, corrupt, ...
	}
	defer db.Close()

	sched := recap.NewScheduler(sqlite.NewRecapStore(db), newCatalog(5), discordSender{})
	sched.ShardID, sched.ShardCount = 0, 1
	go sched.Run(ctx)

	// /recap subscribe channel:#serie time:08:00
	t, err := recap.ParseTimeOfDay("08:00")
	if err == nil {
		err = sched.Subscribe(ctx, "81384788765712384", "81384788765712999", t)
	}
	// GUILD_DELETE with Unavailable == false: the bot was removed.
	err = errors.Join(err, sched.RemoveGuild(ctx, "81384788765712384"))
	_ = err
}
