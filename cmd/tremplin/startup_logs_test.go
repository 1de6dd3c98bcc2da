//go:build linux

package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
	"unsafe"

	"github.com/tremplin/tremplin/catalog/demo"
)

// openPTY opens a pseudo-terminal: what the program writes to tty, the
// test reads from the returned buffer, as a person would see it.
func openPTY(t *testing.T) (tty *os.File, seen *syncBuffer) {
	t.Helper()
	master, err := os.OpenFile("/dev/ptmx", os.O_RDWR, 0)
	if err != nil {
		t.Skipf("no pseudo-terminal: %v", err)
	}
	var unlock int32
	var n uint32
	if err := ioctl(master, syscall.TIOCSPTLCK, unsafe.Pointer(&unlock)); err != nil {
		t.Fatal(err)
	}
	if err := ioctl(master, syscall.TIOCGPTN, unsafe.Pointer(&n)); err != nil {
		t.Fatal(err)
	}
	tty, err = os.OpenFile("/dev/pts/"+strconv.Itoa(int(n)), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Fatal(err)
	}
	seen = &syncBuffer{}
	done := make(chan struct{})
	go func() {
		defer close(done)
		buf := make([]byte, 4096)
		for {
			n, err := master.Read(buf)
			seen.Write(buf[:n])
			if err != nil {
				return // EIO once the terminal side is closed
			}
		}
	}()
	t.Cleanup(func() {
		tty.Close()
		<-done
		master.Close()
	})
	return tty, seen
}

func ioctl(f *os.File, req uintptr, arg unsafe.Pointer) error {
	if _, _, errno := syscall.Syscall(syscall.SYS_IOCTL, f.Fd(), req, uintptr(arg)); errno != 0 {
		return errno
	}
	return nil
}

// On a terminal, by default, the banner of serve is not mixed with English
// log lines.
func TestServeBannerOnTerminalHasNoLogLines(t *testing.T) {
	tty, seen := openPTY(t)
	env := map[string]string{"TREMPLIN_DATA": filepath.Join(t.TempDir(), "data")}
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--addr", "127.0.0.1:0"}, func(k string) string { return env[k] }, tty, tty)
	}()
	deadline := time.Now().Add(60 * time.Second)
	for !strings.Contains(seen.String(), "Tremplin est prêt") {
		select {
		case err := <-done:
			cancel()
			t.Fatalf("serve exited early: %v\n%s", err, seen.String())
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			cancel()
			t.Fatalf("serve did not start in time:\n%s", seen.String())
		}
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("serve: %v", err)
	}
	if strings.Contains(seen.String(), "level=") {
		t.Errorf("the terminal shows log lines by default:\n%s", seen.String())
	}
}

// TREMPLIN_LOG_LEVEL sets the level; unset, logs collected from a service
// (not a terminal) are at info; an unknown level is an error naming it.
func TestLogLevel(t *testing.T) {
	tests := []struct {
		level     string
		wantInfo  bool
		wantError string
	}{
		{level: "", wantInfo: true},
		{level: "warn", wantInfo: false},
		{level: "debug", wantInfo: true},
		{level: "bavard", wantError: `TREMPLIN_LOG_LEVEL : "bavard" inconnu`},
	}
	for _, tt := range tests {
		t.Run(tt.level, func(t *testing.T) {
			env := map[string]string{"TREMPLIN_DATA": filepath.Join(t.TempDir(), "data"), "TREMPLIN_LOG_LEVEL": tt.level}
			var stdout, stderr bytes.Buffer
			err := run(t.Context(), []string{"index"}, func(k string) string { return env[k] }, &stdout, &stderr)
			if tt.wantError != "" {
				if err == nil || !strings.Contains(stderr.String(), tt.wantError) {
					t.Errorf("err = %v, stderr = %q; want %q", err, stderr.String(), tt.wantError)
				}
				return
			}
			if err != nil {
				t.Fatalf("index: %v\n%s", err, stderr.String())
			}
			if got := strings.Contains(stderr.String(), "level=INFO"); got != tt.wantInfo {
				t.Errorf("info lines shown = %v, want %v:\n%s", got, tt.wantInfo, stderr.String())
			}
		})
	}
}

var progressRE = regexp.MustCompile(`msg="index progress" done=(\d+) total=(\d+)`)

// Progress counts items, not writes to each store.
func TestIndexProgressCountsItems(t *testing.T) {
	items, err := demo.Items()
	if err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"TREMPLIN_DATA": filepath.Join(t.TempDir(), "data")}
	var stdout, stderr bytes.Buffer
	if err := run(t.Context(), []string{"index"}, func(k string) string { return env[k] }, &stdout, &stderr); err != nil {
		t.Fatalf("index: %v\n%s", err, stderr.String())
	}
	lines := progressRE.FindAllStringSubmatch(stderr.String(), -1)
	if len(lines) == 0 {
		t.Fatalf("no progress line:\n%s", stderr.String())
	}
	want := fmt.Sprint(len(items))
	for _, m := range lines {
		if m[2] != want {
			t.Errorf("progress %s: total %s, want the %s items", m[0], m[2], want)
		}
	}
	if last := lines[len(lines)-1]; last[1] != want {
		t.Errorf("last progress %s: done %s, want %s", last[0], last[1], want)
	}
}
