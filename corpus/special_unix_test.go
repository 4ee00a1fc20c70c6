//go:build unix

package corpus

import (
	"errors"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestReaderSpecialFiles: a named pipe or socket in a folder is skipped
// with a warning and never opened (a named pipe without a writer would
// block the read forever); a pipe or device named as a path is read, as
// a shell's <(...) is.
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
	named := filepath.Join(t.TempDir(), "named")
	if err := syscall.Mkfifo(named, 0o644); err != nil {
		t.Fatal(err)
	}
	go func() { // the writer of the pipe named as a path
		if f, err := os.OpenFile(named, os.O_WRONLY, 0); err == nil {
			f.WriteString("piped text")
			f.Close()
		}
	}()
	done := make(chan struct{})
	var docs []Doc
	var warns []error
	go func() {
		defer close(done)
		docs, warns = readAllDocs(t, []string{dir, named, "/dev/null"}, Options{})
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("reading blocked on the named pipe")
	}
	wantDocs := "a.txt z.txt " + named + " /dev/null"
	if got := strings.Join(ids2(docs), " "); got != wantDocs {
		t.Errorf("documents %q, want %q", got, wantDocs)
	}
	if len(docs) == 4 && string(docs[2].Content) != "piped text" {
		t.Errorf("the named pipe read %q", docs[2].Content)
	}
	want := []string{
		"corpus: " + fifo + ": not a regular file (named pipe)",
		"corpus: " + sock + ": not a regular file (socket)",
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
