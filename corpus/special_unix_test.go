//go:build unix

package corpus

import (
	"errors"
	"net"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestReaderSpecialFiles: a named pipe or socket in a folder, or a pipe or
// device named as a path, is skipped with a warning and never opened (a
// named pipe without a writer would block the read forever).
func TestReaderSpecialFiles(t *testing.T) {
	dir := writeTree(t, map[string]string{"a.txt": "a", "z.txt": "z"})
	fifo := filepath.Join(dir, "pipe.txt")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip("no named pipes:", err)
	}
	sock := filepath.Join(dir, "s.jsonl")
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Skip("no unix sockets:", err)
	}
	defer l.Close()
	done := make(chan struct{})
	var docs []Doc
	var warns []error
	go func() {
		defer close(done)
		docs, warns = readAllDocs(t, []string{dir, fifo, "/dev/null"}, Options{})
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("reading blocked on the named pipe")
	}
	if got := strings.Join(ids2(docs), " "); got != "a.txt z.txt" {
		t.Errorf("documents %q, want a.txt z.txt", got)
	}
	want := []string{
		"corpus: " + fifo + ": not a regular file (named pipe)",
		"corpus: " + sock + ": not a regular file (socket)",
		"corpus: " + fifo + ": not a regular file (named pipe)",
		"corpus: /dev/null: not a regular file (character device)",
	}
	if len(warns) != len(want) {
		t.Fatalf("warnings %v, want %q", warns, want)
	}
	for i, w := range warns {
		if w.Error() != want[i] || !errors.Is(w, ErrNotRegular) {
			t.Errorf("warning %d = %v, want %q wrapping ErrNotRegular", i, w, want[i])
		}
	}
}
