package pgtest_test

import (
	"bufio"
	"context"
	"errors"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"iafbot/postgres/pgtest"
)

// childEnv makes the test binary act as a helper process in the tests
// that need one.
const childEnv = "PGTEST_CHILD"

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// needBinaries skips (or, in CI, fails) tests that start their own server.
func needBinaries(t *testing.T) {
	t.Helper()
	if _, err := pgtest.FindBinDir(); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal(err)
		}
		t.Skipf("%v; %s", err, pgtest.InstallHint)
	}
}

func connect(t *testing.T, url string) *pgx.Conn {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}

func TestNewDatabaseIsolated(t *testing.T) {
	a, b := pgtest.NewDatabase(t), pgtest.NewDatabase(t)
	if a == b {
		t.Fatalf("same URL twice: %s", a)
	}
	ctx := context.Background()
	if _, err := connect(t, a).Exec(ctx, `CREATE TABLE only_in_a (x int)`); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := connect(t, b).QueryRow(ctx, `SELECT count(*) FROM pg_tables WHERE schemaname = 'public'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Errorf("new database has %d tables", n)
	}
}

func TestStartStop(t *testing.T) {
	needBinaries(t)
	ctx := context.Background()
	s, err := pgtest.Start(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Stop()

	conn, err := pgx.Connect(ctx, s.URL("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	var version string
	if err := conn.QueryRow(ctx, `SHOW server_version`).Scan(&version); err != nil {
		t.Fatal(err)
	}
	conn.Close(ctx)
	t.Logf("PostgreSQL %s from %s on port %d", version, s.BinDir, s.Port)

	fi, err := os.Stat(filepath.Join(s.Dir, "data", "postmaster.pid"))
	if err != nil {
		t.Fatal(err)
	}
	if st, ok := fi.Sys().(*syscall.Stat_t); ok && st.Uid == 0 {
		t.Error("server runs as root")
	}

	if err := s.Stop(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(s.Dir); !os.IsNotExist(err) {
		t.Errorf("directory %s left behind: %v", s.Dir, err)
	}
	if c, err := net.Dial("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(s.Port))); err == nil {
		c.Close()
		t.Error("server still listening after Stop")
	}
	if err := s.Stop(); err != nil {
		t.Errorf("second Stop: %v", err)
	}
}

// TestChild is not a test: the tests below run the test binary with
// PGTEST_CHILD set to make it one of their helper processes.
func TestChild(t *testing.T) {
	switch os.Getenv(childEnv) {
	case "":
		t.Skip("helper process")
	case "need-database":
		pgtest.NewDatabase(t)
	case "orphan":
		s, err := pgtest.Start(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		os.Stdout.WriteString("DIR=" + s.Dir + "\nPORT=" + strconv.Itoa(s.Port) + "\n")
		time.Sleep(time.Minute) // killed by the parent
	}
}

func child(t *testing.T, mode string, env ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], "-test.run=^TestChild$", "-test.v", "-test.count=1")
	cmd.Env = append(os.Environ(), childEnv+"="+mode, pgtest.EnvURL+"=")
	cmd.Env = append(cmd.Env, env...)
	return cmd
}

func TestMissingPostgres(t *testing.T) {
	empty := pgtest.EnvBinDir + "=" + t.TempDir()

	out, err := child(t, "need-database", empty, "CI=").CombinedOutput()
	if err != nil || !strings.Contains(string(out), "--- SKIP") || !strings.Contains(string(out), "apt-get install postgresql") {
		t.Errorf("without CI: want a skip with an install hint, got %v:\n%s", err, out)
	}

	out, err = child(t, "need-database", empty, "CI=true").CombinedOutput()
	if err == nil || !strings.Contains(string(out), "--- FAIL") || !strings.Contains(string(out), "CI is set") {
		t.Errorf("with CI: want a failure, got %v:\n%s", err, out)
	}
}

// A test binary killed before it can call Stop takes its server along.
func TestServerDiesWithTestBinary(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("relies on Linux's parent-death signal")
	}
	needBinaries(t)
	cmd := child(t, "orphan")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var dir, port string
	sc := bufio.NewScanner(stdout)
	for port == "" && sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "DIR="); ok {
			dir = v
		}
		if v, ok := strings.CutPrefix(sc.Text(), "PORT="); ok {
			port = v
		}
	}
	if dir != "" {
		t.Cleanup(func() { os.RemoveAll(dir) })
	}
	cmd.Process.Kill()
	cmd.Wait()
	if port == "" {
		t.Fatal("helper process did not start a server")
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		c, err := net.Dial("tcp", "127.0.0.1:"+port)
		if err != nil {
			break
		}
		c.Close()
		if time.Now().After(deadline) {
			t.Fatalf("server on port %s still running 10s after its test binary was killed", port)
		}
		time.Sleep(20 * time.Millisecond)
	}
	// The postmaster removes its pid file when it is gone.
	for pid := filepath.Join(dir, "data", "postmaster.pid"); ; time.Sleep(20 * time.Millisecond) {
		if _, err := os.Stat(pid); errors.Is(err, os.ErrNotExist) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("postmaster.pid still there")
		}
	}
}
