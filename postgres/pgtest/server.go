package pgtest

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
)

// ErrNotInstalled means no PostgreSQL server binaries were found.
var ErrNotInstalled = errors.New("PostgreSQL server binaries (initdb, postgres) not found")

// Server is a running throwaway PostgreSQL cluster.
type Server struct {
	Dir      string // temporary directory: data/, socket/, server.log
	BinDir   string // where initdb and postgres were found
	Port     int
	User     string // superuser, authenticated by Password over TCP
	Password string

	cmd    *exec.Cmd
	exited chan struct{} // closed when the postgres process has exited
	log    *syncBuffer

	stopOnce sync.Once
	stopErr  error
}

// FindBinDir returns the directory holding initdb and postgres: the one of
// initdb in PATH, else the newest /usr/lib/postgresql/<version>/bin; or
// only $IAFBOT_TEST_PG_BINDIR if set.
func FindBinDir() (string, error) {
	var dirs []string
	if d := os.Getenv(EnvBinDir); d != "" {
		dirs = []string{d}
	} else {
		if p, err := exec.LookPath("initdb"); err == nil {
			if real, err := filepath.EvalSymlinks(p); err == nil {
				dirs = append(dirs, filepath.Dir(real)) // postgres is next to the real initdb
			}
			dirs = append(dirs, filepath.Dir(p))
		}
		matches, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
		slices.SortFunc(matches, func(a, b string) int { // newest version first
			return versionOf(b) - versionOf(a)
		})
		dirs = append(dirs, matches...)
	}
	for _, d := range dirs {
		if isExecutable(filepath.Join(d, "initdb")) && isExecutable(filepath.Join(d, "postgres")) {
			return d, nil
		}
	}
	if d := os.Getenv(EnvBinDir); d != "" {
		return "", fmt.Errorf("%w in %s=%s", ErrNotInstalled, EnvBinDir, d)
	}
	return "", fmt.Errorf("%w in PATH or /usr/lib/postgresql/*/bin", ErrNotInstalled)
}

func versionOf(binDir string) int {
	v, _ := strconv.Atoi(filepath.Base(filepath.Dir(binDir)))
	return v
}

func isExecutable(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && !fi.IsDir() && fi.Mode()&0o111 != 0
}

// Start creates a cluster in a new temporary directory and starts it on a
// free 127.0.0.1 port. Stop stops it and removes the directory.
func Start(ctx context.Context) (*Server, error) {
	bin, err := FindBinDir()
	if err != nil {
		return nil, err
	}
	owner, err := serverOwner()
	if err != nil {
		return nil, err
	}
	dir, err := makeTempDir(owner)
	if err != nil {
		return nil, err
	}
	s := &Server{Dir: dir, BinDir: bin, User: "postgres", Password: rand.Text()}
	if err := s.start(ctx, owner); err != nil {
		s.Stop()
		return nil, err
	}
	return s, nil
}

func (s *Server) start(ctx context.Context, owner *account) error {
	data := filepath.Join(s.Dir, "data")
	socket := filepath.Join(s.Dir, "socket")
	pwfile := filepath.Join(s.Dir, "pwfile")
	for _, d := range []string{data, socket} {
		if err := os.Mkdir(d, 0o700); err != nil {
			return err
		}
	}
	if err := os.WriteFile(pwfile, []byte(s.Password+"\n"), 0o600); err != nil {
		return err
	}
	if err := owner.chown(data, socket, pwfile); err != nil {
		return err
	}

	initdb := exec.CommandContext(ctx, filepath.Join(s.BinDir, "initdb"),
		"--pgdata="+data, "--username="+s.User, "--pwfile="+pwfile,
		"--auth-local=trust", "--auth-host=scram-sha-256",
		"--encoding=UTF8", "--no-locale", "--no-sync")
	initdb.Env = serverEnv()
	initdb.Dir = s.Dir
	initdb.SysProcAttr = owner.procAttr(false)
	if out, err := initdb.CombinedOutput(); err != nil {
		return fmt.Errorf("initdb in %s: %v\n%s", data, err, lastLines(out, 20))
	}
	os.Remove(pwfile)

	// A free port may be taken between probing and binding: retry.
	var err error
	for attempt := 0; attempt < 5; attempt++ {
		if s.Port, err = freePort(); err != nil {
			return err
		}
		if err = s.run(ctx, owner, data, socket); err == nil {
			return nil
		}
		if !strings.Contains(s.log.String(), "could not bind") && !strings.Contains(s.log.String(), "could not create any TCP/IP sockets") {
			return err
		}
	}
	return err
}

// run starts postgres and waits until it accepts connections.
func (s *Server) run(ctx context.Context, owner *account, data, socket string) error {
	s.log = &syncBuffer{}
	s.exited = make(chan struct{})
	cmd := exec.Command(filepath.Join(s.BinDir, "postgres"),
		"-D", data,
		"-p", strconv.Itoa(s.Port),
		"-k", socket,
		"-c", "listen_addresses=127.0.0.1",
		"-c", "fsync=off",
		"-c", "synchronous_commit=off",
		"-c", "full_page_writes=off",
		"-c", "max_connections=200",
		"-c", "shared_buffers=32MB",
		"-c", "log_min_messages=warning",
	)
	cmd.Env = serverEnv()
	cmd.Stdout, cmd.Stderr = s.log, s.log
	cmd.Dir = s.Dir
	cmd.SysProcAttr = owner.procAttr(true)
	s.cmd = cmd

	started := make(chan error, 1)
	go func() {
		// The parent-death signal fires when the thread that started the
		// child exits, so that thread stays locked to this goroutine for as
		// long as the server runs.
		runtime.LockOSThread()
		defer close(s.exited)
		if err := cmd.Start(); err != nil {
			started <- err
			return
		}
		started <- nil
		cmd.Wait()
	}()
	if err := <-started; err != nil {
		return fmt.Errorf("start postgres: %w", err)
	}

	deadline := time.Now().Add(30 * time.Second)
	for {
		try, cancel := context.WithTimeout(ctx, time.Second)
		conn, err := pgx.Connect(try, s.URL("postgres"))
		cancel()
		if err == nil {
			conn.Close(context.Background())
			return nil
		}
		select {
		case <-s.exited:
			return fmt.Errorf("postgres exited at start (port %d): %v\n%s", s.Port, cmd.ProcessState, lastLines(s.log.Bytes(), 20))
		case <-ctx.Done():
			s.kill()
			return fmt.Errorf("postgres not ready: %w\n%s", ctx.Err(), lastLines(s.log.Bytes(), 20))
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			s.kill()
			return fmt.Errorf("postgres not ready after 30s: %v\n%s", err, lastLines(s.log.Bytes(), 20))
		}
	}
}

// URL is the superuser's URL for database name, over TCP with password.
func (s *Server) URL(database string) string {
	u := url.URL{
		Scheme:   "postgres",
		User:     url.UserPassword(s.User, s.Password),
		Host:     net.JoinHostPort("127.0.0.1", strconv.Itoa(s.Port)),
		Path:     "/" + database,
		RawQuery: "sslmode=disable",
	}
	return u.String()
}

// Log returns what the server wrote so far.
func (s *Server) Log() string {
	if s.log == nil {
		return ""
	}
	return s.log.String()
}

// Stop shuts the server down (fast shutdown, then kill after 10 s) and
// removes its directory. It is idempotent.
func (s *Server) Stop() error {
	s.stopOnce.Do(func() {
		if s.cmd != nil && s.cmd.Process != nil {
			select {
			case <-s.exited:
			default:
				s.cmd.Process.Signal(syscall.SIGINT) // fast shutdown
				select {
				case <-s.exited:
				case <-time.After(10 * time.Second):
					s.stopErr = errors.New("postgres did not stop within 10s; killed")
					s.kill()
				}
			}
		}
		if s.Dir != "" {
			if err := os.RemoveAll(s.Dir); err != nil && s.stopErr == nil {
				s.stopErr = err
			}
		}
	})
	return s.stopErr
}

func (s *Server) kill() {
	if s.cmd != nil && s.cmd.Process != nil {
		s.cmd.Process.Kill()
		<-s.exited
	}
}

// serverEnv keeps PG* variables of the caller from changing the server.
func serverEnv() []string {
	env := []string{"LC_ALL=C", "TZ=UTC"}
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "PG") || strings.HasPrefix(kv, "LC_") || strings.HasPrefix(kv, "LANG") || strings.HasPrefix(kv, "TZ=") {
			continue
		}
		env = append(env, kv)
	}
	return env
}

func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

func lastLines(b []byte, n int) string {
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) Bytes() []byte {
	b.mu.Lock()
	defer b.mu.Unlock()
	return slices.Clone(b.buf.Bytes())
}

func (b *syncBuffer) String() string { return string(b.Bytes()) }
