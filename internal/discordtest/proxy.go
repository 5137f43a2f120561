package discordtest

import "net/http"

// proxyState is filled in by EnableProxy.
type proxyState struct{}

func (p *proxyState) close() {}

func (s *Server) serveConnect(w http.ResponseWriter, r *http.Request) {
	http.Error(w, "proxy not enabled", http.StatusMethodNotAllowed)
}
