package pgtest

import "syscall"

// setParentDeathSignal makes the kernel stop the server (immediate
// shutdown) if the test binary dies without calling Stop.
func setParentDeathSignal(attr *syscall.SysProcAttr) { attr.Pdeathsig = syscall.SIGQUIT }
