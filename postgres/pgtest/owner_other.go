//go:build !unix

package pgtest

import (
	"os"
	"syscall"
)

type account struct{}

func serverOwner() (*account, error)                { return &account{}, nil }
func (*account) procAttr(bool) *syscall.SysProcAttr { return nil }
func (*account) chown(...string) error              { return nil }
func makeTempDir(*account) (string, error)          { return os.MkdirTemp("", "iafbot-pgtest-") }
