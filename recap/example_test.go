package recap_test

import (
	"context"
	"encoding/json"
	"errors"
	"log"
	"os"
	"path/filepath"
	"testing"

	"github.com/bwmarrin/discordgo"

	"iafbot/internal/discordtest"
	"iafbot/recap"
	"iafbot/sqlite"
)

// discordSender is the shape of the bot's Sender (bot.Bot.SendRecap).
// discordgo v0.29.0's MessageSend has no nonce or enforce_nonce field, so
// the sender marshals a JSON body of its own and POSTs it with
// Session.RequestWithBucketID.
type discordSender struct{ dg *discordgo.Session }

func (s discordSender) SendRecap(ctx context.Context, channelID string, r recap.Recap, nonce string) (string, error) {
	body := map[string]any{
		"embeds":        []*discordgo.MessageEmbed{{Title: r.Title, Description: r.Summary}},
		"nonce":         nonce, // same for every attempt of the day
		"enforce_nonce": true,  // a resend returns the message created before
	}
	endpoint := discordgo.EndpointChannelMessages(channelID)
	resp, err := s.dg.RequestWithBucketID("POST", endpoint, body, endpoint, discordgo.WithContext(ctx))
	if re := (*discordgo.RESTError)(nil); errors.As(err, &re) && re.Response != nil {
		return "", recap.ClassifyHTTP(re.Response.StatusCode, err) // 403/404 stop, the rest is retried
	}
	if err != nil {
		return "", err // network errors: retried
	}
	var m discordgo.Message
	if err := json.Unmarshal(resp, &m); err != nil {
		return "", err
	}
	return m.ID, nil
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

	dg, err := discordgo.New("Bot " + os.Getenv("DISCORD_TOKEN"))
	if err != nil {
		log.Fatal(err)
	}
	sched := recap.NewScheduler(sqlite.NewRecapStore(db), newCatalog(5), discordSender{dg})
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

// The example's sender really does what the Sender contract asks, against
// the local Discord peer: the nonce with enforce_nonce in its own body, so
// a resend returns the first message; 404 and 403 are permanent.
func TestExampleSenderAgainstPeer(t *testing.T) {
	ctx := context.Background()
	peer := discordtest.New(t)
	dg, err := discordgo.New("Bot " + peer.Token())
	if err != nil {
		t.Fatal(err)
	}
	dg.Client = peer.Client()
	s := discordSender{dg}
	channelID, nonce := peer.NewSnowflake(), recap.Nonce(guildA, "2026-05-02")
	r := recap.Recap{EpisodeID: "003", Title: "Folge 003", Summary: "…"}

	first, err := s.SendRecap(ctx, channelID, r, nonce)
	if err != nil {
		t.Fatal(err)
	}
	again, err := s.SendRecap(ctx, channelID, r, nonce)
	if err != nil || again != first {
		t.Errorf("resend: message %q, %v; want the first message %q", again, err, first)
	}
	if msgs := peer.Messages(channelID); len(msgs) != 1 {
		t.Errorf("%d messages, want 1", len(msgs))
	}
	for _, req := range peer.RequestsMatching(discordtest.Match("POST", "/channels/"+channelID+"/messages")) {
		var body struct {
			Nonce        string `json:"nonce"`
			EnforceNonce bool   `json:"enforce_nonce"`
		}
		if err := json.Unmarshal(req.Body, &body); err != nil || body.Nonce != nonce || !body.EnforceNonce {
			t.Errorf("request body %s: want nonce %q with enforce_nonce", req.Body, nonce)
		}
	}

	gone, forbidden := peer.NewSnowflake(), peer.NewSnowflake()
	peer.SetChannel(gone, discordtest.ChannelUnknown)
	peer.SetChannel(forbidden, discordtest.ChannelForbidden)
	if _, err := s.SendRecap(ctx, gone, r, nonce); !errors.Is(err, recap.ErrChannelNotFound) {
		t.Errorf("deleted channel: err = %v, want ErrChannelNotFound", err)
	}
	if _, err := s.SendRecap(ctx, forbidden, r, nonce); !errors.Is(err, recap.ErrMissingAccess) {
		t.Errorf("forbidden channel: err = %v, want ErrMissingAccess", err)
	}
}
