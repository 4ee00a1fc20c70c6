package wal_test

import (
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"

	"github.com/newsreuse/dedupe/internal/wal"
)

// A state rebuilt from a snapshot and the records after it.
func Example() {
	dir, err := os.MkdirTemp("", "wal")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	dir = filepath.Join(dir, "log")

	l, err := wal.Open(dir, wal.Options{})
	if err != nil {
		log.Fatal(err)
	}
	for _, doc := range []string{"add a", "add b", "delete a", "add c"} {
		if _, err := l.Append([]byte(doc)); err != nil {
			log.Fatal(err)
		}
	}
	// The state as of record 2, then two more records.
	if err := l.Snapshot(2, func(w io.Writer) error {
		_, err := io.WriteString(w, "a b")
		return err
	}); err != nil {
		log.Fatal(err)
	}
	if err := l.Close(); err != nil {
		log.Fatal(err)
	}

	l, err = wal.Open(dir, wal.Options{Warn: func(err error) { log.Print(err) }})
	if err != nil {
		log.Fatal(err)
	}
	defer l.Close()
	r, seq, err := l.OpenSnapshot()
	if err != nil {
		log.Fatal(err)
	}
	state, err := io.ReadAll(r)
	r.Close()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("snapshot as of %d: %s\n", seq, state)
	err = l.Replay(func(seq uint64, rec []byte) error {
		fmt.Printf("record %d: %s\n", seq, rec)
		return nil
	})
	if err != nil {
		log.Fatal(err)
	}
	// Output:
	// snapshot as of 2: a b
	// record 3: delete a
	// record 4: add c
}
