package discordtest

import (
	"bufio"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// ProxyConfig tells a separate process how to reach the peer through its
// HTTPS proxy; see EnableProxy.
type ProxyConfig struct {
	// URL is the proxy URL, for HTTPS_PROXY.
	URL string
	// CAFile is a PEM file with the peer's CA certificate, for SSL_CERT_FILE.
	CAFile string
	// CAPEM is the same certificate, for in-process clients.
	CAPEM []byte
}

// Env returns environment entries that point an unmodified Go program using
// discordgo at the peer: append them to os.Environ() for exec.Cmd.Env (later
// entries win). SSL_CERT_FILE replaces the system roots in that process.
func (p ProxyConfig) Env() []string {
	return []string{
		"HTTPS_PROXY=" + p.URL, "https_proxy=" + p.URL,
		// A non-empty NO_PROXY that excludes nothing of Discord's; it
		// shadows an inherited no_proxy. Loopback is never proxied by Go,
		// so the ws://127.0.0.1 gateway URL is dialled directly.
		"NO_PROXY=localhost", "no_proxy=localhost",
		"SSL_CERT_FILE=" + p.CAFile,
	}
}

// proxyHosts are the CONNECT targets the peer terminates; anything else is
// refused so a misdirected request fails loudly instead of leaking.
// The value is the path prefix the CDN hosts get (the peer has no CDN
// routes; such requests 404 and are recorded under /cdn).
var proxyHosts = map[string]string{
	"discord.com":          "",
	"www.discord.com":      "",
	"discordapp.com":       "",
	"cdn.discordapp.com":   "/cdn",
	"media.discordapp.net": "/cdn",
}

type proxyState struct {
	cfg    ProxyConfig
	dir    string
	tlsCfg *tls.Config
	srv    *http.Server
	ln     *chanListener
}

// EnableProxy turns the peer into an HTTPS proxy as well: CONNECT requests
// for discord.com (and the CDN hosts) are answered on the same port by
// terminating TLS with a certificate from a CA generated here, and the
// requests inside are served by the peer as usual. A child process started
// with ProxyConfig.Env() then talks to the peer with no code changes, because
// Go's default transport honours HTTPS_PROXY and SSL_CERT_FILE, and GET
// /gateway hands out the peer's loopback ws:// URL. It is idempotent.
func (s *Server) EnableProxy() (ProxyConfig, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.proxy != nil {
		return s.proxy.cfg, nil
	}
	if s.closed {
		return ProxyConfig{}, ErrClosed
	}
	caPEM, leaf, err := newCertificates()
	if err != nil {
		return ProxyConfig{}, fmt.Errorf("discordtest: proxy certificates: %w", err)
	}
	dir, err := os.MkdirTemp("", "discordtest-ca-")
	if err != nil {
		return ProxyConfig{}, fmt.Errorf("discordtest: %w", err)
	}
	caFile := filepath.Join(dir, "ca.pem")
	if err := os.WriteFile(caFile, caPEM, 0o600); err != nil {
		os.RemoveAll(dir)
		return ProxyConfig{}, fmt.Errorf("discordtest: %w", err)
	}
	p := &proxyState{
		cfg:    ProxyConfig{URL: s.baseURL, CAFile: caFile, CAPEM: caPEM},
		dir:    dir,
		tlsCfg: &tls.Config{Certificates: []tls.Certificate{leaf}, NextProtos: []string{"http/1.1"}},
		ln:     newChanListener(s.ln.Addr()),
	}
	p.srv = &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host, _, err := net.SplitHostPort(r.Host)
		if err != nil {
			host = r.Host
		}
		if prefix := proxyHosts[host]; prefix != "" {
			r.URL.Path = prefix + r.URL.Path
			r.URL.RawPath = ""
		}
		s.serveHTTP(w, r)
	}), ReadHeaderTimeout: 10 * time.Second}
	go p.srv.Serve(p.ln) //nolint:errcheck // returns on close
	s.proxy = p
	return p.cfg, nil
}

func (p *proxyState) close() {
	p.srv.Close()
	p.ln.Close()
	os.RemoveAll(p.dir)
}

// serveConnect answers CONNECT host:443 by hijacking the connection and
// serving HTTP over TLS on it.
func (s *Server) serveConnect(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	p := s.proxy
	s.mu.Unlock()
	host, port, _ := net.SplitHostPort(r.Host)
	_, ok := proxyHosts[host]
	if p == nil || !ok || port != "443" {
		s.debugf("refused CONNECT %s (proxy enabled: %v)", r.Host, p != nil)
		http.Error(w, "discordtest: CONNECT only to Discord hosts, after EnableProxy", http.StatusForbidden)
		return
	}
	hj, ok := w.(http.Hijacker)
	if !ok {
		http.Error(w, "hijack unsupported", http.StatusInternalServerError)
		return
	}
	conn, rw, err := hj.Hijack()
	if err != nil {
		return
	}
	if _, err := rw.WriteString("HTTP/1.1 200 Connection Established\r\n\r\n"); err != nil || rw.Flush() != nil {
		conn.Close()
		return
	}
	// Bytes the client sent after CONNECT may already sit in rw's reader.
	raw := &bufferedConn{Conn: conn, r: rw.Reader}
	p.ln.push(tls.Server(raw, p.tlsCfg))
}

type bufferedConn struct {
	net.Conn
	r *bufio.Reader
}

func (c *bufferedConn) Read(b []byte) (int, error) { return c.r.Read(b) }

// chanListener is a net.Listener fed by serveConnect.
type chanListener struct {
	addr  net.Addr
	ch    chan net.Conn
	done  chan struct{}
	close sync.Once
}

func newChanListener(addr net.Addr) *chanListener {
	return &chanListener{addr: addr, ch: make(chan net.Conn), done: make(chan struct{})}
}

func (l *chanListener) push(c net.Conn) {
	select {
	case l.ch <- c:
	case <-l.done:
		c.Close()
	}
}

func (l *chanListener) Accept() (net.Conn, error) {
	select {
	case c := <-l.ch:
		return c, nil
	case <-l.done:
		return nil, net.ErrClosed
	}
}

func (l *chanListener) Close() error {
	l.close.Do(func() { close(l.done) })
	return nil
}

func (l *chanListener) Addr() net.Addr { return l.addr }

// newCertificates makes a throwaway CA and a leaf certificate for Discord's
// hosts signed by it.
func newCertificates() (caPEM []byte, leaf tls.Certificate, err error) {
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, leaf, err
	}
	now := time.Now()
	caTmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "discordtest CA"},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(24 * time.Hour),
		IsCA:                  true,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature,
		BasicConstraintsValid: true,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		return nil, leaf, err
	}
	ca, err := x509.ParseCertificate(caDER)
	if err != nil {
		return nil, leaf, err
	}
	leafKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, leaf, err
	}
	leafTmpl := &x509.Certificate{
		SerialNumber: big.NewInt(2),
		Subject:      pkix.Name{CommonName: "discord.com"},
		DNSNames:     []string{"discord.com", "*.discord.com", "discordapp.com", "*.discordapp.com", "*.discordapp.net", "discord.gg", "*.discord.gg"},
		NotBefore:    now.Add(-time.Hour),
		NotAfter:     now.Add(24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	leafDER, err := x509.CreateCertificate(rand.Reader, leafTmpl, ca, &leafKey.PublicKey, caKey)
	if err != nil {
		return nil, leaf, err
	}
	leaf = tls.Certificate{Certificate: [][]byte{leafDER, caDER}, PrivateKey: leafKey}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caDER}), leaf, nil
}
