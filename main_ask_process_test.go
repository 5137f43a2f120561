package main

import (
	"bufio"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestAskHelperProcess is the child of TestAskProcessSignal: the real
// main() running `iafbot ask` on the stdin the parent holds open.
func TestAskHelperProcess(t *testing.T) {
	if os.Getenv("IAFBOT_ASK_HELPER") != "1" {
		t.Skip("helper process for TestAskProcessSignal")
	}
	os.Args = []string{"iafbot", "ask", "--json"}
	main()
}

// TestAskProcessSignal: `iafbot ask` waiting for the next line on stdin
// used to ignore SIGINT and SIGTERM (Ctrl-C did nothing, `timeout` could
// not stop it). Now it ends with 130 or 143, as shells expect.
func TestAskProcessSignal(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes")
	}
	for _, tc := range []struct {
		sig  syscall.Signal
		code int
	}{{syscall.SIGINT, 130}, {syscall.SIGTERM, 143}} {
		t.Run(tc.sig.String(), func(t *testing.T) {
			t.Parallel()
			exe, err := os.Executable()
			if err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(exe, "-test.run=^TestAskHelperProcess$")
			cmd.Env = append(os.Environ(), "IAFBOT_ASK_HELPER=1", "SYNOPSES_DIR=")
			stdin, err := cmd.StdinPipe()
			if err != nil {
				t.Fatal(err)
			}
			defer stdin.Close()
			stdout, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			stderr := &syncBuffer{}
			cmd.Stderr = stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() {
				if cmd.ProcessState == nil {
					cmd.Process.Kill() //nolint:errcheck // cleanup
					cmd.Wait()         //nolint:errcheck // cleanup
				}
			})
			// One answered question: the child is now waiting for the next
			// line, with stdin still open.
			if _, err := stdin.Write([]byte("Wer ist Maja?\n")); err != nil {
				t.Fatal(err)
			}
			line, err := bufio.NewReader(stdout).ReadString('\n')
			if err != nil || !strings.Contains(line, `"question":"Wer ist Maja?"`) {
				t.Fatalf("answer %q, %v; stderr %s", line, err, stderr.String())
			}
			if err := cmd.Process.Signal(tc.sig); err != nil {
				t.Fatal(err)
			}
			if code := exitCode(t, cmd, 20*time.Second); code != tc.code {
				t.Errorf("exit code %d after %v, want %d; stderr %s", code, tc.sig, tc.code, stderr.String())
			}
		})
	}
}
