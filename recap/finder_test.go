package recap_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"iafbot/recap"
)

// finder is the fake Discord with a search of the channel, as the bot's
// FindRecap reads the history: it finds a message of the post's day even
// after Discord forgot the nonce.
type finder struct {
	*fakeDiscord
	mu    sync.Mutex
	asked []recap.Post
	err   error
}

func (f *finder) FindRecap(_ context.Context, channelID string, p recap.Post) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.asked = append(f.asked, p)
	if f.err != nil {
		return "", f.err
	}
	for _, m := range f.Messages() {
		if m.ChannelID == channelID && m.Nonce == p.Nonce {
			return m.ID, nil
		}
	}
	return "", nil
}

// A resend first looks for the message an earlier attempt created and, if
// it is there, records it instead of posting again: the process died after
// Discord created the message, and came back after Discord's nonce window,
// when the nonce alone would no longer prevent a second message. A first
// attempt does not look.
func TestResendRecordsThePostFoundInTheChannel(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t, berlin("2026-05-01 12:00"))
	e.subscribe(guildA, channelA, 8*60)
	f := &finder{fakeDiscord: e.discord}
	e.sched.Sender = f

	e.tick(berlin("2026-05-02 08:00"))
	if calls := e.discord.Calls(); len(calls) != 1 || calls[0].Date != "2026-05-02" || len(f.asked) != 0 {
		t.Fatalf("first attempt: sends %v, searches %v; want one send of 2026-05-02 and no search", calls, f.asked)
	}

	// The next day's process claimed the day, Discord created the message,
	// the process died. Discord no longer deduplicates its nonce.
	day := "2026-05-03"
	p := recap.Post{GuildID: guildA, LocalDate: day, EpisodeID: "001", Title: "Folge 001", Nonce: recap.Nonce(guildA, day),
		ClaimedAt: berlin(day + " 08:00"), LeaseUntil: berlin(day + " 08:01:30")}
	if ok, err := e.sched.Store.Claim(ctx, p); err != nil || !ok {
		t.Fatalf("Claim: %v, %v", ok, err)
	}
	e.discord.messages = append(e.discord.messages, send{ChannelID: channelA, Nonce: p.Nonce, ID: "msg-before-crash"})

	// A failed search is a failed attempt: retried, nothing sent meanwhile.
	f.err = errors.New("HTTP 503 Service Unavailable")
	restart := berlin(day + " 09:00")
	e.tick(restart)
	if st := e.status(guildA); st.Failures != 1 || len(e.discord.Calls()) != 1 || len(f.asked) != 1 {
		t.Fatalf("after a failed search: failures %d, sends %v, searches %d", st.Failures, e.discord.Calls(), len(f.asked))
	}
	f.err = nil
	e.tick(restart.Add(time.Second))

	if calls := e.discord.Calls(); len(calls) != 1 {
		t.Errorf("sends %v; want none after the first day", calls)
	}
	if len(f.asked) != 2 || f.asked[1].LocalDate != day || f.asked[1].Nonce != p.Nonce || !f.asked[1].ClaimedAt.Equal(p.ClaimedAt) {
		t.Errorf("searches %+v, want the pending claim of %s", f.asked, day)
	}
	st := e.status(guildA)
	if st.LastSent.LocalDate != day || st.LastSent.MessageID != "msg-before-crash" || st.Failures != 0 {
		t.Errorf("LastSent %+v, failures %d; want %s confirmed with the message found", st.LastSent, st.Failures, day)
	}
	e.tick(restart.Add(time.Hour))
	if n := len(e.discord.Messages()); n != 2 {
		t.Errorf("%d messages, want one a day", n)
	}
}
