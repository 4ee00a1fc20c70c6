// Command ingest measures a persistent Detector against an in-memory one
// on the same corpus: the time of AddAll into dedupe.New and into
// dedupe.Open (durable, one fsync a batch), taken in turns, the bytes the
// index takes on disk per document, and the time to reopen it.
//
// Usage (from the bench folder):
//
//	go run ./cmd/ingest [-runs 2] [-dir /tmp/ingest-index] CORPUS.jsonl
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/newsreuse/dedupe"
	"github.com/newsreuse/dedupe/corpus"
)

func main() {
	runs := flag.Int("runs", 2, "runs of each, in turns")
	dir := flag.String("dir", filepath.Join(os.TempDir(), "ingest-index"), "the index folder (emptied before each run)")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: ingest [-runs N] [-dir DIR] CORPUS")
		os.Exit(2)
	}
	if err := run(flag.Arg(0), *dir, *runs); err != nil {
		fmt.Fprintln(os.Stderr, "ingest:", err)
		os.Exit(1)
	}
}

func run(path, dir string, runs int) error {
	for i := range runs {
		for _, disk := range []bool{false, true} {
			d := dedupe.New(dedupe.Options{})
			if disk {
				if err := os.RemoveAll(dir); err != nil {
					return err
				}
				var err error
				if d, err = dedupe.Open(dir, dedupe.Options{}, dedupe.StoreOptions{}); err != nil {
					return err
				}
			}
			start := time.Now()
			n, err := addAll(d, path)
			if err != nil {
				return err
			}
			took := time.Since(start)
			st := d.Stats()
			if err := d.Close(); err != nil {
				return err
			}
			kind := "in memory"
			if disk {
				kind = fmt.Sprintf("on disk, %d bytes (%.0f a document)", st.DiskBytes, float64(st.DiskBytes)/float64(n))
			}
			fmt.Printf("run %d: AddAll of %d documents %s: %.2f s\n", i+1, n, kind, took.Seconds())
		}
	}
	start := time.Now()
	d, err := dedupe.Open(dir, dedupe.Options{}, dedupe.StoreOptions{})
	if err != nil {
		return err
	}
	fmt.Printf("Open of %d documents: %.2f s\n", d.Len(), time.Since(start).Seconds())
	return d.Close()
}

// addAll adds the documents of path to d on all cores.
func addAll(d *dedupe.Detector, path string) (int, error) {
	r := corpus.NewReader([]string{path}, corpus.Options{Decoders: 2})
	docs := func(yield func(dedupe.Document) bool) {
		for r.Scan() {
			doc := r.Doc()
			if !yield(dedupe.Document{ID: doc.ID, Text: doc.Content, HTML: doc.Format == corpus.HTML, Time: doc.Time}) {
				return
			}
		}
	}
	n := 0
	var failed error
	d.AddAll(docs, 0, func(_ dedupe.Result, err error) bool {
		if err != nil {
			failed = err
			return false
		}
		n++
		return true
	})
	if failed == nil {
		failed = r.Err()
	}
	return n, failed
}
