// Command serveload measures dedupe's HTTP service (package server) under
// load: it opens a durable index (dedupe.Open, the zero StoreOptions),
// serves it on a loopback port as dedupe serve does, in this process, and
// at each count of documents indexed given by -at, posts the next -count
// documents of generated news (synth, streamed) from -clients concurrent
// clients, one document a request, for at most -time, and prints the
// documents acknowledged a second and the latency percentiles of the
// requests, as a JSON line and a table row each.
//
// Between checkpoints the index is filled through the library (AddAll,
// durable), which is faster than posting; -fill http posts everything.
// With -window, documents are stamped with a clock that advances -tick a
// document, so that the window holds window/tick documents, and each
// row gives the live heap: flat once the window is full. Each row gives
// too the CPU time the process (server and clients) took a document, and
// the cores it used: on a machine shared with other work, fewer than
// GOMAXPROCS.
//
// Usage:
//
//	serveload [-at 100000,1000000] [-clients 8] [-count 20000] [-time 60s] [-index dir [-reuse]] [-window 0] [-fill library|http]
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/newsreuse/dedupe"
	"github.com/newsreuse/dedupe/bench/internal/measure"
	"github.com/newsreuse/dedupe/server"
	"github.com/newsreuse/dedupe/synth"
)

type config struct {
	at         []int
	clients    int
	count      int
	maxTime    time.Duration
	index      string
	seed       uint64
	window     time.Duration
	tick       time.Duration
	fillHTTP   bool
	reuse      bool
	memprofile string
}

func main() {
	var c config
	at := flag.String("at", "100000,1000000", "comma-separated counts of documents indexed at which to measure")
	flag.IntVar(&c.clients, "clients", 8, "concurrent clients, each posting one document a request")
	flag.IntVar(&c.count, "count", 20000, "documents posted at each checkpoint")
	flag.DurationVar(&c.maxTime, "time", time.Minute, "longest time of the posting at each checkpoint")
	flag.StringVar(&c.index, "index", "", "the index `dir`, emptied first (default: a temporary directory, removed at the end)")
	flag.BoolVar(&c.reuse, "reuse", false, "with -index: reopen the index there, as left by an earlier run with the same -seed, and go on with the stream after its documents (a checkpoint below its count is measured at once)")
	flag.Uint64Var(&c.seed, "seed", 1, "seed of the generated stream")
	flag.DurationVar(&c.window, "window", 0, "keep a window of news this long (dedupe.Options.Retention); documents are then stamped with a clock advancing -tick a document")
	flag.DurationVar(&c.tick, "tick", time.Second, "with -window: the time between two documents")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the whole run, server and clients, to `file`")
	flag.StringVar(&c.memprofile, "memprofile", "", "write a heap profile, server and clients, to `file` after the last measure")
	fill := flag.String("fill", "library", "how documents between checkpoints are indexed: library (AddAll) or http (posted by the clients, unmeasured)")
	flag.Parse()
	for _, s := range strings.Split(*at, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 0 || len(c.at) > 0 && n < c.at[len(c.at)-1] {
			fmt.Fprintf(os.Stderr, "serveload: -at %q: want increasing counts\n", *at)
			os.Exit(2)
		}
		c.at = append(c.at, n)
	}
	if c.clients < 1 || c.count < 1 || c.maxTime <= 0 || c.tick <= 0 || *fill != "library" && *fill != "http" {
		fmt.Fprintln(os.Stderr, "serveload: -clients, -count, -time and -tick must be positive, -fill library or http")
		os.Exit(2)
	}
	c.fillHTTP = *fill == "http"
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			fmt.Fprintf(os.Stderr, "serveload: %v\n", err)
			os.Exit(1)
		}
		defer pprof.StopCPUProfile()
	}
	if err := c.run(os.Stdout); err != nil {
		fmt.Fprintf(os.Stderr, "serveload: %v\n", err)
		pprof.StopCPUProfile()
		os.Exit(1)
	}
}

// A row is what one checkpoint measured.
type row struct {
	Indexed    int     `json:"indexed"` // documents indexed when the posting started
	Held       int     `json:"held"`    // documents held then (less evicted)
	Clients    int     `json:"clients"`
	Posted     int     `json:"posted"` // documents acknowledged
	Errors     int     `json:"errors"` // requests that failed
	Secs       float64 `json:"secs"`
	DocsPerSec float64 `json:"docs_per_s"`
	P50ms      float64 `json:"p50_ms"`
	P99ms      float64 `json:"p99_ms"`
	P999ms     float64 `json:"p99_9_ms"`
	MaxMs      float64 `json:"max_ms"`
	HeapMB     float64 `json:"live_heap_mb"` // after the posting, after a GC
	RSSMB      float64 `json:"rss_mb"`
	DiskMB     float64 `json:"disk_mb"`
	FillSecs   float64 `json:"fill_s"` // filling up to the checkpoint
	Procs      int     `json:"gomaxprocs"`
	// CPU time of the process (server and clients) while posting: per
	// document acknowledged, and as cores used on average. On a machine
	// shared with other work, cores below GOMAXPROCS show the share it got.
	CPUPerDocMs float64 `json:"cpu_per_doc_ms"`
	Cores       float64 `json:"cores_used"`
}

func (c *config) run(w io.Writer) error {
	dir := c.index
	if dir == "" {
		tmp, err := os.MkdirTemp("", "serveload")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		dir = tmp
	} else if !c.reuse {
		if err := os.RemoveAll(dir); err != nil {
			return err
		}
	}
	d, err := dedupe.Open(dir, dedupe.Options{Retention: c.window}, dedupe.StoreOptions{})
	if err != nil {
		return err
	}
	defer d.Close()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	srv := server.New(d, server.Options{}).HTTPServer("")
	go srv.Serve(ln)
	defer srv.Close()
	url := "http://" + ln.Addr().String() + "/v1/documents"
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: c.clients, DisableCompression: true}}

	stop := make(chan struct{})
	defer close(stop)
	docs := c.stream(stop)
	indexed := 0
	if c.reuse {
		st := d.Stats()
		indexed = st.Documents + st.Deletes + st.Evictions
		for range indexed { // the documents the index holds already
			if _, ok := <-docs; !ok {
				return errors.New("the generator ended")
			}
		}
		fmt.Fprintf(os.Stderr, "serveload: reopened %s: %d documents\n", dir, indexed)
	}
	fmt.Fprintln(w, "| indexed | held | clients | posted | docs/s | p50 | p99 | p99.9 | max | errors | CPU/doc | cores used | live heap | RSS | disk |")
	fmt.Fprintln(w, "|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
	var rows []row
	for _, at := range c.at {
		at = max(at, indexed)
		start := time.Now()
		if c.fillHTTP {
			if _, err := c.post(client, url, docs, at-indexed, 0); err != nil {
				return err
			}
		} else {
			n := 0
			var addErr error
			d.AddAll(func(yield func(dedupe.Document) bool) {
				for n < at-indexed {
					doc, ok := <-docs
					if !ok {
						return
					}
					n++
					if !yield(dedupe.Document{ID: doc.id, Text: doc.text, Time: doc.time}) {
						return
					}
				}
			}, 0, func(_ dedupe.Result, err error) bool {
				if err != nil && addErr == nil {
					addErr = err
				}
				return true
			})
			if addErr != nil {
				return addErr
			}
		}
		indexed = at
		r := row{Indexed: at, Held: d.Stats().Documents, Clients: c.clients, FillSecs: time.Since(start).Seconds(), Procs: runtime.GOMAXPROCS(0)}
		fmt.Fprintf(os.Stderr, "serveload: %d documents indexed in %.1f s; posting %d from %d clients\n", at, r.FillSecs, c.count, c.clients)
		cpu0 := cpuTime()
		lat, err := c.post(client, url, docs, c.count, c.maxTime)
		if err != nil {
			return err
		}
		cpu := (cpuTime() - cpu0).Seconds()
		indexed += len(lat.took)
		r.Posted, r.Errors, r.Secs = len(lat.took), lat.errors, lat.wall.Seconds()
		r.DocsPerSec = float64(r.Posted) / r.Secs
		r.CPUPerDocMs = 1e3 * cpu / float64(max(1, r.Posted))
		r.Cores = cpu / r.Secs
		slices.Sort(lat.took)
		pct := func(p float64) float64 { return float64(measure.Percentile(lat.took, p)) / 1e6 }
		r.P50ms, r.P99ms, r.P999ms, r.MaxMs = pct(0.5), pct(0.99), pct(0.999), pct(1)
		runtime.GC()
		r.HeapMB = float64(measure.ReadMetric("/gc/heap/live:bytes")) / 1e6
		r.RSSMB = rss() / 1e6
		r.DiskMB = float64(d.Stats().DiskBytes) / 1e6
		fmt.Fprintf(w, "| %d | %d | %d | %d | %.0f | %.1f ms | %.1f ms | %.1f ms | %.1f ms | %d | %.2f ms | %.2f | %.0f MB | %.0f MB | %.0f MB |\n",
			r.Indexed, r.Held, r.Clients, r.Posted, r.DocsPerSec, r.P50ms, r.P99ms, r.P999ms, r.MaxMs, r.Errors, r.CPUPerDocMs, r.Cores, r.HeapMB, r.RSSMB, r.DiskMB)
		rows = append(rows, r)
	}
	if c.memprofile != "" {
		if err := writeHeapProfile(c.memprofile); err != nil {
			return err
		}
	}
	for _, r := range rows {
		b, _ := json.Marshal(r)
		fmt.Fprintf(w, "%s\n", b)
	}
	return nil
}

// latencies are the durations of the requests acknowledged.
type latencies struct {
	took   []time.Duration
	errors int
	wall   time.Duration
}

// post posts n documents of docs from c.clients clients, one a request,
// and returns the latencies; maxTime, when positive, stops it sooner.
// The documents' JSON is made before the clock starts.
func (c *config) post(client *http.Client, url string, docs <-chan doc, n int, maxTime time.Duration) (latencies, error) {
	bodies := make([][]byte, 0, n)
	for len(bodies) < n {
		d, ok := <-docs
		if !ok {
			return latencies{}, errors.New("the generator ended")
		}
		b, err := json.Marshal(map[string]any{"id": d.id, "text": string(d.text), "time": d.time})
		if err != nil {
			return latencies{}, err
		}
		bodies = append(bodies, b)
	}
	var (
		next   atomic.Int64
		mu     sync.Mutex
		lat    latencies
		wg     sync.WaitGroup
		failed error
	)
	start := time.Now()
	for range c.clients {
		wg.Go(func() {
			var took []time.Duration
			errs := 0
			for {
				i := int(next.Add(1)) - 1
				if i >= len(bodies) || maxTime > 0 && time.Since(start) > maxTime {
					break
				}
				t0 := time.Now()
				resp, err := client.Post(url, "application/json", bytes.NewReader(bodies[i]))
				if err != nil {
					errs++
					continue
				}
				body, err := io.ReadAll(resp.Body)
				resp.Body.Close()
				if err != nil || resp.StatusCode != 200 {
					errs++
					mu.Lock()
					if failed == nil && errs > 10 {
						failed = fmt.Errorf("posting: %d %s", resp.StatusCode, body)
					}
					mu.Unlock()
					continue
				}
				took = append(took, time.Since(t0))
			}
			mu.Lock()
			lat.took = append(lat.took, took...)
			lat.errors += errs
			mu.Unlock()
		})
	}
	wg.Wait()
	lat.wall = time.Since(start)
	return lat, failed
}

// A doc is one generated document.
type doc struct {
	id   string
	text []byte
	time time.Time
}

// stream streams generated news, in constant memory, until stop closes.
// With a window, documents take the times of a clock advancing c.tick a
// document instead of their own.
func (c *config) stream(stop <-chan struct{}) <-chan doc {
	pr, pw := io.Pipe()
	go func() {
		_, err := synth.Write(pw, synth.Options{Seed: c.seed, TargetBytes: 1 << 50})
		pw.CloseWithError(err)
	}()
	ch := make(chan doc, 256)
	clock := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	go func() {
		defer close(ch)
		// A plain decoder, not corpus.ReadJSONL, whose set of the IDs seen
		// (about 80 bytes a document) would count in the live heap: the
		// generator's IDs are unique.
		dec := json.NewDecoder(bufio.NewReaderSize(pr, 1<<20))
		for {
			var d struct {
				ID   string    `json:"id"`
				Text string    `json:"text"`
				Time time.Time `json:"time"`
			}
			if err := dec.Decode(&d); err != nil {
				pr.CloseWithError(err)
				if err != io.EOF {
					fmt.Fprintf(os.Stderr, "serveload: %v\n", err)
				}
				return
			}
			t := d.Time
			if c.window > 0 {
				clock = clock.Add(c.tick)
				t = clock
			}
			select {
			case ch <- doc{d.ID, []byte(d.Text), t}:
			case <-stop:
				pr.CloseWithError(errStopped)
				return
			}
		}
	}()
	return ch
}

var errStopped = errors.New("stopped")

// writeHeapProfile writes the heap profile, as of the last collection, to
// the file path.
func writeHeapProfile(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := pprof.Lookup("heap").WriteTo(f, 0); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// cpuTime returns the process's CPU time, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// rss returns the resident set size of the process, 0 where /proc is not
// to be read.
func rss() float64 {
	b, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		return 0
	}
	f := strings.Fields(string(b))
	if len(f) < 2 {
		return 0
	}
	pages, _ := strconv.ParseFloat(f[1], 64)
	return pages * float64(os.Getpagesize())
}
