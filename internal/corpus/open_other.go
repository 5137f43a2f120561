//go:build !unix

package corpus

import "os"

const openFlags = os.O_RDONLY
