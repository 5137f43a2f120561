package app

import (
	"context"
	"iafbot/internal/corpus"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/fsnotify/fsnotify"

	"iafbot/commands"
	"iafbot/metrics"
)

// reloadDebounce lets a burst of file events (an editor's save, a copy of
// many files) end before the base is rebuilt once.
const reloadDebounce = 300 * time.Millisecond

// synopsisWatcher rebuilds the knowledge base from dir on SIGHUP and when
// a *.txt file in dir changes, in the background, and swaps it into live
// at once: interactions running keep the base they started with. A corpus
// that does not load keeps the old base.
type synopsisWatcher struct {
	limits corpus.Limits // the same caps as at start
	dir    string        // "" = embedded synopses: nothing to reload
	live   *commands.Live
	m      *metrics.Metrics
	log    *slog.Logger
}

// start runs the watcher until ctx ends; the returned function waits for
// it to finish.
func (w *synopsisWatcher) start(ctx context.Context) (wait func()) {
	hup := make(chan os.Signal, 1)
	// Caught even without SYNOPSES_DIR: SIGHUP must not end the bot.
	signal.Notify(hup, syscall.SIGHUP)
	kick := make(chan string, 1)
	request := func(trigger string) {
		select {
		case kick <- trigger:
		default: // a reload is already due; it will see this change too
		}
	}
	var events <-chan fsnotify.Event
	var errs <-chan error
	if w.dir != "" {
		fw, err := fsnotify.NewWatcher()
		if err == nil {
			err = fw.Add(w.dir)
		}
		if err != nil {
			w.log.Warn("cannot watch the synopses folder; reload with SIGHUP", "dir", w.dir, "error", err)
		} else {
			events, errs = fw.Events, fw.Errors
			context.AfterFunc(ctx, func() { fw.Close() })
		}
	}
	done := make(chan struct{})
	go func() { // turns signals and file events into reload requests
		defer signal.Stop(hup)
		var debounce <-chan time.Time
		for {
			select {
			case <-ctx.Done():
				return
			case <-hup:
				if w.dir == "" {
					w.log.Info("SIGHUP: the synopses are embedded; nothing to reload")
					continue
				}
				request("signal")
			case ev, ok := <-events:
				if !ok {
					events = nil
					continue
				}
				if ev.Op&^fsnotify.Chmod != 0 && strings.EqualFold(filepath.Ext(ev.Name), ".txt") {
					debounce = time.After(reloadDebounce)
				}
			case err, ok := <-errs:
				if !ok {
					errs = nil
					continue
				}
				w.log.Warn("watching the synopses folder", "error", err)
			case <-debounce:
				debounce = nil
				request("file")
			}
		}
	}()
	go func() { // rebuilds one at a time
		defer close(done)
		for {
			select {
			case <-ctx.Done():
				return
			case trigger := <-kick:
				w.reload(trigger)
			}
		}
	}()
	return func() { <-done }
}

func (w *synopsisWatcher) reload(trigger string) {
	start := time.Now()
	kb, err := LoadKnowledge(w.dir, w.limits)
	if err != nil {
		w.m.KnowledgeReloaded(false)
		w.log.Error("synopses reload failed, keeping the previous knowledge base", "trigger", trigger, "error", oneLine(err.Error()))
		return
	}
	w.live.Swap(kb)
	st := kb.Stats()
	w.m.SetKnowledge(st.Episodes, st.Characters, st.Sentences)
	w.m.KnowledgeReloaded(true)
	w.log.Info("synopses reloaded", "trigger", trigger, "episodes", st.Episodes, "characters", st.Characters,
		"took", time.Since(start).Round(time.Millisecond))
}
