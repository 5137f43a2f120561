//go:build unix

package pgtest

import (
	"errors"
	"os"
	"os/user"
	"path/filepath"
	"strconv"
	"syscall"
)

// account is the user the server runs as: the current one, or, when the
// tests run as root, an unprivileged one (PostgreSQL refuses root).
type account struct {
	name       string
	uid, gid   int
	switchUser bool
}

func serverOwner() (*account, error) {
	if os.Geteuid() != 0 {
		return &account{uid: os.Getuid(), gid: os.Getgid()}, nil
	}
	for _, name := range []string{"postgres", "nobody"} {
		u, err := user.Lookup(name)
		if err != nil {
			continue
		}
		uid, err1 := strconv.Atoi(u.Uid)
		gid, err2 := strconv.Atoi(u.Gid)
		if err1 != nil || err2 != nil || uid == 0 {
			continue
		}
		return &account{name: name, uid: uid, gid: gid, switchUser: true}, nil
	}
	return nil, errors.New(`running as root, which PostgreSQL refuses, and there is no user "postgres" or "nobody" to run the server as`)
}

func (a *account) procAttr(server bool) *syscall.SysProcAttr {
	attr := &syscall.SysProcAttr{Setpgid: true}
	if a.switchUser {
		attr.Credential = &syscall.Credential{Uid: uint32(a.uid), Gid: uint32(a.gid)}
	}
	if server {
		setParentDeathSignal(attr)
	}
	return attr
}

func (a *account) chown(paths ...string) error {
	if !a.switchUser {
		return nil
	}
	for _, p := range paths {
		if err := os.Chown(p, a.uid, a.gid); err != nil {
			return err
		}
	}
	return nil
}

// makeTempDir creates the cluster's directory, reachable by the account.
func makeTempDir(a *account) (string, error) {
	base := os.TempDir()
	if a.switchUser && !othersCanTraverse(base) {
		base = "/tmp"
	}
	dir, err := os.MkdirTemp(base, "iafbot-pgtest-")
	if err != nil {
		return "", err
	}
	if a.switchUser {
		if err := os.Chmod(dir, 0o711); err != nil {
			os.RemoveAll(dir)
			return "", err
		}
	}
	return dir, nil
}

func othersCanTraverse(dir string) bool {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return false
	}
	for {
		fi, err := os.Stat(dir)
		if err != nil || fi.Mode().Perm()&0o001 == 0 {
			return false
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return true
		}
		dir = parent
	}
}
