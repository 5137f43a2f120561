package postgres

import (
	"context"
	"net"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"iafbot/postgres/pgtest"
)

const secret = "s3cr3t-PW_9f"

func TestOpenMalformedURL(t *testing.T) {
	t.Parallel()
	for _, u := range []string{
		"postgres://iafbot:" + secret + "@db.example:notaport/iafbot",
		"postgres://iafbot:" + secret + "@[::1/iafbot",
		"postgresql://iafbot:" + secret + "@db.example/iafbot?sslmode=sometimes",
		"postgres://iafbot:" + secret + "@db.example/iafbot?connect_timeout=soon",
		"postgres://iafbot@db.example/iafbot?password=" + secret + "&sslmode=bogus",
		"postgres://iafbot:s3cr3t%2DPW_9f@db.example:99999/iafbot",
		"host=db.example password=" + secret + " port=abc",
		"host=db.example password='" + secret + "' sslmode=bogus",
		"mysql://iafbot:" + secret + "@db.example/iafbot",
		"postgres://iafbot:" + secret + "@db.example/iafbot%zz",
		"postgres://iafbot:" + secret + "@/iafbot?host=%zz",
	} {
		t.Run("", func(t *testing.T) {
			db, err := Open(context.Background(), u)
			if err == nil {
				db.Close()
				t.Fatalf("Open(%q) succeeded", u)
			}
			checkMessage(t, err, "postgres: invalid database URL")
		})
	}
}

func checkMessage(t *testing.T, err error, want ...string) {
	t.Helper()
	msg := err.Error()
	t.Log(msg)
	if strings.Contains(msg, secret) || strings.Contains(msg, "s3cr3t") {
		t.Errorf("error shows the password: %s", msg)
	}
	if strings.ContainsAny(msg, "\n\r\t") {
		t.Errorf("error is not one line: %q", msg)
	}
	for _, w := range want {
		if !strings.Contains(msg, w) {
			t.Errorf("error %q does not contain %q", msg, w)
		}
	}
}

func TestOpenUnreachable(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
	ln.Close()
	start := time.Now()
	_, err = Open(context.Background(), "postgres://iafbot:"+secret+"@127.0.0.1:"+port+"/iafbot")
	if err == nil {
		t.Fatal("Open of a closed port succeeded")
	}
	checkMessage(t, err, "iafbot@127.0.0.1:"+port+"/iafbot", "cannot reach server", "refused")
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %v", d)
	}
}

func TestOpenTimeout(t *testing.T) {
	t.Parallel()
	// A listener that accepts and never answers.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			defer c.Close()
		}
	}()
	start := time.Now()
	_, err = Open(context.Background(), "postgres://iafbot:"+secret+"@"+ln.Addr().String()+"/iafbot?connect_timeout=1")
	if err == nil {
		t.Fatal("Open of a silent server succeeded")
	}
	checkMessage(t, err, "iafbot@"+ln.Addr().String()+"/iafbot", "no answer in time")
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %v with connect_timeout=1", d)
	}
}

func TestOpenWrongPassword(t *testing.T) {
	t.Parallel()
	u, err := url.Parse(pgtest.NewDatabase(t))
	if err != nil {
		t.Fatal(err)
	}
	u.User = url.UserPassword(u.User.Username(), secret)
	db, err := Open(context.Background(), u.String())
	if err == nil {
		db.Close()
		t.Skip("the server does not check passwords (trust authentication)")
	}
	checkMessage(t, err, u.Host, strings.TrimPrefix(u.Path, "/"), "authentication failed", u.User.Username())
}

func TestOpenMissingDatabase(t *testing.T) {
	t.Parallel()
	u, err := pgtest.WithDatabase(pgtest.AdminURL(t), "no_such_database_here")
	if err != nil {
		t.Fatal(err)
	}
	_, err = Open(context.Background(), u)
	if err == nil {
		t.Fatal("Open of a missing database succeeded")
	}
	checkMessage(t, err, `database "no_such_database_here" does not exist`)
}
