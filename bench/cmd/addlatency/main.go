// Command addlatency measures the latency of dedupe.Detector.Add on a large
// index: it fills a Detector with -docs generated news documents (synth,
// streamed, never all in memory), added with AddAll on all cores as the
// dedupe command does, then adds the next -probe documents one Add call at a
// time and prints the latency percentiles of those calls, as a JSON line
// and as a table.
//
// The probe documents come from the same stream, so they copy and share
// passages with the indexed ones at the corpus's own rates. Each Add is
// timed alone, on an otherwise idle Detector: the latency an ingestion
// pipeline sees for one story.
//
// Usage:
//
//	addlatency [-docs 1000000] [-probe 10000] [-seed 1] [-near-only]
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"sync"
	"time"

	"github.com/newsreuse/dedupe"
	"github.com/newsreuse/dedupe/bench/internal/measure"
	"github.com/newsreuse/dedupe/corpus"
	"github.com/newsreuse/dedupe/synth"
)

func main() {
	var c config
	flag.IntVar(&c.docs, "docs", 1_000_000, "documents indexed before the timed adds")
	flag.IntVar(&c.probe, "probe", 10_000, "documents added one at a time, each timed")
	flag.Uint64Var(&c.seed, "seed", 1, "seed of the generated stream")
	flag.BoolVar(&c.nearOnly, "near-only", false, "whole documents only (dedupe.Options.NearOnly)")
	flag.StringVar(&c.cpuprofile, "cpuprofile", "", "write a CPU profile of the timed adds to `file`")
	flag.StringVar(&c.memprofile, "memprofile", "", "write a heap profile to `file` after filling the index")
	flag.IntVar(&c.producers, "producers", 1, "goroutines calling Add at once during the probe")
	flag.StringVar(&c.index, "index", "", "fill a persistent index (dedupe.Open, durable) in `dir`, emptied first, and time a 4 KiB write + fsync of a plain file there too, then the index's reopening")
	flag.Parse()
	if c.docs < 0 || c.probe < 1 || c.producers < 1 {
		fmt.Fprintln(os.Stderr, "addlatency: -docs must be >= 0, -probe and -producers >= 1")
		os.Exit(2)
	}
	rep, err := c.run()
	if err != nil {
		fmt.Fprintf(os.Stderr, "addlatency: %v\n", err)
		os.Exit(1)
	}
	rep.write(os.Stdout)
}

type config struct {
	docs, probe int
	seed        uint64
	nearOnly    bool
	cpuprofile  string
	memprofile  string
	index       string
	producers   int
}

// writeHeap writes a heap profile to path.
func writeHeap(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	runtime.GC() // up-to-date statistics
	return errors.Join(pprof.WriteHeapProfile(f), f.Close())
}

// A slowAdd is one timed Add, for the list of the slowest.
type slowAdd struct {
	id             string
	words, matches int
	took           time.Duration
}

// A report is what one run measured.
type report struct {
	Docs       int     `json:"docs"`        // documents indexed before the probe
	Probe      int     `json:"probe"`       // timed Add calls
	FillSecs   float64 `json:"fill_s"`      // wall time of filling the index
	HeapMB     float64 `json:"heap_mb"`     // live heap after filling, after a GC
	Matched    int     `json:"matched"`     // probe documents with at least one match
	MeanMicro  float64 `json:"mean_us"`     // latencies, microseconds
	P50Micro   float64 `json:"p50_us"`      //
	P90Micro   float64 `json:"p90_us"`      //
	P99Micro   float64 `json:"p99_us"`      //
	P999Micro  float64 `json:"p99_9_us"`    //
	MaxMicro   float64 `json:"max_us"`      //
	NearOnly   bool    `json:"near_only"`   //
	Procs      int     `json:"gomaxprocs"`  //
	GoVersion  string  `json:"go_version"`  //
	Seed       uint64  `json:"seed"`        //
	Errors     int     `json:"add_errors"`  // Add calls that returned an error
	Generated  int     `json:"generated"`   // documents read from the generator
	TextMB     float64 `json:"indexed_mb"`  // text of the indexed documents
	ProbeMB    float64 `json:"probe_mb"`    // text of the probe documents
	Reprinted  int     `json:"near_copies"` // probe documents with a near-duplicate match
	GCs        int     `json:"gc_cycles"`   // garbage collections during the probe
	Producers  int     `json:"producers"`   // goroutines adding the probe at once
	DocsPerSec float64 `json:"probe_docs_per_s"`
	// With -index: a plain file's 4 KiB write + fsync on the same disk,
	// the index's size, and the time to reopen it.
	FsyncP50Micro float64 `json:"fsync_p50_us,omitempty"`
	FsyncP99Micro float64 `json:"fsync_p99_us,omitempty"`
	DiskMB        float64 `json:"disk_mb,omitempty"`
	OpenSecs      float64 `json:"open_s,omitempty"`
}

func (c *config) run() (*report, error) {
	c.producers = max(c.producers, 1)
	stop := make(chan struct{})
	defer close(stop)
	docs := stream(c.seed, stop)
	det := dedupe.New(dedupe.Options{NearOnly: c.nearOnly})
	if c.index != "" {
		if err := os.RemoveAll(c.index); err != nil {
			return nil, err
		}
		var err error
		if det, err = dedupe.Open(c.index, dedupe.Options{NearOnly: c.nearOnly}, dedupe.StoreOptions{}); err != nil {
			return nil, err
		}
	}
	rep := &report{Producers: c.producers, Docs: c.docs, Probe: c.probe, NearOnly: c.nearOnly, Procs: runtime.GOMAXPROCS(0), GoVersion: runtime.Version(), Seed: c.seed}

	start := time.Now()
	var addErr error
	n := 0
	fill := func(yield func(dedupe.Document) bool) {
		for n < c.docs {
			d, ok := <-docs
			if !ok {
				return
			}
			n++
			rep.TextMB += float64(len(d.Text)) / 1e6
			if !yield(d) {
				return
			}
		}
	}
	det.AddAll(fill, 0, func(_ dedupe.Result, err error) bool {
		if err != nil {
			rep.Errors++
			addErr = err
		}
		return true
	})
	if n < c.docs {
		return nil, fmt.Errorf("the generator gave %d documents, %d asked", n, c.docs)
	}
	rep.FillSecs = time.Since(start).Seconds()
	// No forced collection here: the probe starts wherever the collector
	// is, as an Add in a running pipeline would, and its collections are
	// part of what it measures.
	rep.HeapMB = float64(measure.ReadMetric("/gc/heap/live:bytes")) / 1e6
	gcs := measure.ReadMetric("/gc/cycles/total:gc-cycles")
	if c.memprofile != "" {
		if err := writeHeap(c.memprofile); err != nil {
			return nil, err
		}
	}
	fmt.Fprintf(os.Stderr, "addlatency: %d documents (%.0f MB) indexed in %.1f s, live heap %.0f MB\n", n, rep.TextMB, rep.FillSecs, rep.HeapMB)

	if c.cpuprofile != "" {
		f, err := os.Create(c.cpuprofile)
		if err != nil {
			return nil, err
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			return nil, err
		}
		defer func() {
			pprof.StopCPUProfile()
			f.Close()
		}()
	}
	// The probe documents are read ahead, so that the generator does not
	// compete with the timed adds for the CPU.
	probe := make([]dedupe.Document, 0, c.probe)
	for len(probe) < c.probe {
		d, ok := <-docs
		if !ok {
			return nil, errors.New("the generator ended before the probe")
		}
		probe = append(probe, d)
		rep.ProbeMB += float64(len(d.Text)) / 1e6
	}
	lat := make([]time.Duration, 0, c.probe)
	var slow []slowAdd
	type added struct {
		res  dedupe.Result
		err  error
		took time.Duration
	}
	results := make([]added, len(probe))
	probeStart := time.Now()
	var wg sync.WaitGroup
	for p := range c.producers {
		wg.Go(func() {
			for i := p; i < len(probe); i += c.producers {
				t0 := time.Now()
				res, err := det.Add(probe[i])
				results[i] = added{res, err, time.Since(t0)}
			}
		})
	}
	wg.Wait()
	rep.DocsPerSec = float64(len(probe)) / time.Since(probeStart).Seconds()
	for i, d := range probe {
		res, err, took := results[i].res, results[i].err, results[i].took
		lat = append(lat, took)
		slow = append(slow, slowAdd{d.ID, res.Words, len(res.Matches), took})
		if err != nil {
			rep.Errors++
			addErr = err
			continue
		}
		if len(res.Matches) > 0 {
			rep.Matched++
		}
		for _, m := range res.Matches {
			if m.NearDuplicate {
				rep.Reprinted++
				break
			}
		}
	}
	rep.Generated = n + len(lat)
	if c.index != "" {
		if err := c.reopen(det, rep); err != nil {
			return nil, err
		}
	}
	rep.GCs = int(measure.ReadMetric("/gc/cycles/total:gc-cycles") - gcs)
	for i := 0; i < len(lat); i += len(lat) / 5 {
		part := slices.Clone(lat[i:min(len(lat), i+len(lat)/5)])
		slices.Sort(part)
		fmt.Fprintf(os.Stderr, "addlatency: adds %d to %d: p50 %v, p99 %v\n", i, i+len(part), part[len(part)/2], part[len(part)*99/100])
	}
	if addErr != nil {
		fmt.Fprintf(os.Stderr, "addlatency: %d adds failed, last: %v\n", rep.Errors, addErr)
	}
	slices.Sort(lat)
	slices.SortFunc(slow, func(a, b slowAdd) int { return int(b.took - a.took) })
	for _, a := range slow[:min(len(slow), 10)] {
		fmt.Fprintf(os.Stderr, "addlatency: slow add %s: %d words, %d matches, %v\n", a.id, a.words, a.matches, a.took)
	}
	us := func(d time.Duration) float64 { return float64(d.Nanoseconds()) / 1e3 }
	q := func(p float64) float64 { return us(measure.Percentile(lat, p)) }
	var sum time.Duration
	for _, d := range lat {
		sum += d
	}
	rep.MeanMicro = us(sum) / float64(len(lat))
	rep.P50Micro, rep.P90Micro, rep.P99Micro, rep.P999Micro = q(0.50), q(0.90), q(0.99), q(0.999)
	rep.MaxMicro = us(lat[len(lat)-1])
	return rep, nil
}

// reopen measures, for -index, a plain file's write + fsync beside the
// index, the index's size, and the time to close and reopen it.
func (c *config) reopen(det *dedupe.Detector, rep *report) error {
	rep.DiskMB = float64(det.Stats().DiskBytes) / 1e6
	if err := det.Close(); err != nil {
		return err
	}
	f, err := os.Create(filepath.Join(c.index, "..", "fsync-probe"))
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	buf := make([]byte, 4096)
	var ts []time.Duration
	for range 500 {
		t0 := time.Now()
		if _, err := f.Write(buf); err != nil {
			return err
		}
		if err := f.Sync(); err != nil {
			return err
		}
		ts = append(ts, time.Since(t0))
	}
	f.Close()
	slices.Sort(ts)
	rep.FsyncP50Micro = float64(ts[len(ts)/2].Nanoseconds()) / 1e3
	rep.FsyncP99Micro = float64(ts[len(ts)*99/100].Nanoseconds()) / 1e3
	start := time.Now()
	d, err := dedupe.Open(c.index, dedupe.Options{NearOnly: c.nearOnly}, dedupe.StoreOptions{})
	if err != nil {
		return err
	}
	rep.OpenSecs = time.Since(start).Seconds()
	fmt.Fprintf(os.Stderr, "addlatency: reopened %d documents in %.1f s\n", d.Len(), rep.OpenSecs)
	return d.Close()
}

// stream returns the documents of the generated corpus for seed, in order,
// read back through dedupe's JSON lines reader as the dedupe command reads
// them. The generator runs ahead on its own goroutines, a few documents at
// most; it is asked for far more bytes than any run reads and stops when
// stop is closed.
func stream(seed uint64, stop <-chan struct{}) <-chan dedupe.Document {
	pr, pw := io.Pipe()
	go func() {
		_, err := synth.Write(pw, synth.Options{Seed: seed, TargetBytes: 1 << 50})
		pw.CloseWithError(err)
	}()
	ch := make(chan dedupe.Document, 64)
	go func() {
		defer close(ch)
		err := corpus.ReadJSONL(pr, "synth", func(d corpus.Doc) error {
			select {
			case ch <- dedupe.Document{ID: d.ID, Text: d.Content, Time: d.Time}:
				return nil
			case <-stop:
				return errStopped
			}
		}, func(err error) { fmt.Fprintf(os.Stderr, "addlatency: %v\n", err) })
		pr.CloseWithError(err)
		if err != nil && err != errStopped {
			fmt.Fprintf(os.Stderr, "addlatency: reading the generated stream: %v\n", err)
		}
	}()
	return ch
}

var errStopped = errors.New("stopped")

func (r *report) write(w io.Writer) {
	b, _ := json.Marshal(r)
	fmt.Fprintf(w, "%s\n", b)
	fmt.Fprintf(w, "\n| indexed | mode | probe adds | p50 | p90 | p99 | p99.9 | max | mean | live heap |\n|--:|---|--:|--:|--:|--:|--:|--:|--:|--:|\n")
	mode := "full"
	if r.NearOnly {
		mode = "near-only"
	}
	fmt.Fprintf(w, "| %d | %s | %d | %.0f µs | %.0f µs | %.0f µs | %.0f µs | %.0f µs | %.0f µs | %.0f MB |\n",
		r.Docs, mode, r.Probe, r.P50Micro, r.P90Micro, r.P99Micro, r.P999Micro, r.MaxMicro, r.MeanMicro, r.HeapMB)
	fmt.Fprintf(w, "\n%d of %d probe documents matched an earlier one (%d as near-duplicates); %d garbage collections during the probe; filling took %.1f s (%.0f MB of text); GOMAXPROCS %d, %s\n",
		r.Matched, r.Probe, r.Reprinted, r.GCs, r.FillSecs, r.TextMB, r.Procs, r.GoVersion)
	fmt.Fprintf(w, "\nThe probe: %d producers, %.0f documents/s\n", r.Producers, r.DocsPerSec)
	if r.OpenSecs > 0 {
		fmt.Fprintf(w, "\nPersistent index: a plain 4 KiB write + fsync on the same disk p50 %.0f µs, p99 %.0f µs; %.0f MB on disk; reopened in %.1f s\n",
			r.FsyncP50Micro, r.FsyncP99Micro, r.DiskMB, r.OpenSecs)
	}
}
