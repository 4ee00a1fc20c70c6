// Command compactindex times dedupe.(*Detector).Compact on an existing
// persistent index while one producer goes on adding generated documents,
// durably, and prints the compaction's time, the latency of the adds made
// during it (the longest is the wait for the Detector's locks, which
// Compact holds while it copies the entries' pointers and the clusters'
// state), the bytes on disk before and after, and the time to reopen:
//
//	go run ./cmd/compactindex DIR
//
// Make an index with `go run ./cmd/addlatency -docs 1000000 -index DIR`.
// The index is changed: it gains the documents added and a snapshot.
package main

import (
	"flag"
	"fmt"
	"os"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/newsreuse/dedupe"
	"github.com/newsreuse/dedupe/bench/internal/measure"
	"github.com/newsreuse/dedupe/synth"
)

func main() {
	seed := flag.Uint64("seed", 99, "seed of the generated documents added during the compaction")
	dir := measure.DirArg("usage: compactindex [-seed N] DIR")
	if err := run(dir, *seed); err != nil {
		fmt.Fprintln(os.Stderr, "compactindex:", err)
		os.Exit(1)
	}
}

func run(dir string, seed uint64) error {
	t := time.Now()
	d, err := dedupe.Open(dir, dedupe.Options{}, dedupe.StoreOptions{})
	if err != nil {
		return err
	}
	st := d.Stats()
	fmt.Printf("opened %d documents in %.1f s, %.0f MB on disk\n", st.Documents, time.Since(t).Seconds(), float64(st.DiskBytes)/1e6)

	// One producer adds documents, one at a time, until the compaction
	// ends; their IDs are new to the index.
	c := synth.Generate(synth.Options{Seed: seed, Stories: 3000})
	var (
		stop  atomic.Bool
		took  []time.Duration
		added error
		wg    sync.WaitGroup
	)
	wg.Go(func() {
		for i := 0; !stop.Load() && i < len(c.Docs); i++ {
			doc := c.Docs[i]
			start := time.Now()
			if _, err := d.Add(dedupe.Document{ID: fmt.Sprintf("compactindex-%d-%s", t.UnixNano(), doc.ID), Text: []byte(doc.Text), Time: doc.Time}); err != nil {
				added = err
				return
			}
			took = append(took, time.Since(start))
		}
	})
	time.Sleep(time.Second) // the producer under way
	t = time.Now()
	err = d.Compact()
	compact := time.Since(t)
	stop.Store(true)
	wg.Wait()
	if err != nil {
		return err
	}
	if added != nil {
		return added
	}
	slices.Sort(took)
	pct := func(p float64) float64 { return measure.Percentile(took, p).Seconds() * 1e3 }
	fmt.Printf("compacted in %.1f s, %.0f MB on disk; %d adds meanwhile and in the second before: p50 %.2f ms, p99 %.2f ms, max %.1f ms\n",
		compact.Seconds(), float64(d.Stats().DiskBytes)/1e6, len(took), pct(0.5), pct(0.99), pct(1))
	if err := d.Close(); err != nil {
		return err
	}
	t = time.Now()
	d, err = dedupe.Open(dir, dedupe.Options{}, dedupe.StoreOptions{})
	if err != nil {
		return err
	}
	fmt.Printf("reopened %d documents in %.1f s\n", d.Stats().Documents, time.Since(t).Seconds())
	return d.Close()
}
