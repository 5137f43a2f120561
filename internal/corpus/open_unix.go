//go:build unix

package corpus

import (
	"os"
	"syscall"
)

// openFlags: O_NONBLOCK makes opening a FIFO return at once instead of
// waiting for a writer; it changes nothing for regular files.
const openFlags = os.O_RDONLY | syscall.O_NONBLOCK
