package dedupe

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/newsreuse/dedupe/synth"
)

// BenchmarkAdd adds the documents of a generated news corpus (wire
// stories, reprints, edited and noisy copies, embedded passages, unrelated
// local and template stories with site chrome) to one Detector, starting a
// new one after 5,000 documents: the cost of one Add, full analysis.
func BenchmarkAdd(b *testing.B) {
	c := synth.Generate(synth.Options{Seed: 1, Stories: 1200})
	docs := c.Docs[:min(len(c.Docs), 5000)]
	var size int64
	for _, d := range docs {
		size += int64(len(d.Text))
	}
	b.SetBytes(size / int64(len(docs)))
	b.ReportAllocs()
	var d *Detector
	i := 0
	for b.Loop() {
		if i%len(docs) == 0 {
			d = New(Options{})
		}
		doc := docs[i%len(docs)]
		if _, err := d.Add(Document{ID: doc.ID, Text: []byte(doc.Text), Time: doc.Time}); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkPrepare measures tokenizing and signing (MinHash, SimHash,
// winnowing) one document.
func BenchmarkPrepare(b *testing.B) {
	docs := readSeeds(b)
	d := New(Options{})
	var size int64
	for _, doc := range docs {
		size += int64(len(doc.Text))
	}
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		for _, doc := range docs {
			d.Prepare(doc)
		}
	}
}

// BenchmarkReadPairs reads every pair of a generated corpus's Detector,
// copied (Pairs) and iterated (AllPairs), and looks each document up
// (Document): per pair, or per document for the lookup.
func BenchmarkReadPairs(b *testing.B) {
	docs := generated(1, 1200)
	d, _ := addAll(b, Options{}, docs)
	n := d.Stats().Pairs
	b.Run("Pairs", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if len(d.Pairs()) != n {
				b.Fatal("pairs changed")
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/pair")
	})
	b.Run("AllPairs", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			passages := 0
			for p := range d.AllPairs() {
				passages += len(p.Match.Passages)
			}
			if passages == 0 {
				b.Fatal("no passages")
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/pair")
	})
	b.Run("Document", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			if _, ok := d.Document(docs[i%len(docs)].ID); !ok {
				b.Fatal("missing")
			}
			i++
		}
	})
}

// BenchmarkRetention streams ten windows' worth of generated news, in
// order of time, through a Detector keeping one window (Options.Retention),
// and reports the Detector's live heap after each window: the heap after a
// collection, less what it was before the Detector was made (the corpus).
// A corpus of 4,000, 8,000 or 12,000 stories (23,022 to 69,219 documents)
// spans 32 days, cut in fourteen windows of 2.3 days; the ten streamed
// are the second to the eleventh, past the first, where stories begin,
// and before the last ones, where reprints end, so that each holds about
// as many documents as the others: 1,800-2,000, 3,400-3,700 and
// 5,000-5,400. heapNN-MB is the heap after window NN, and maxdev-% the
// largest difference from the first window's; maxdev-doc-% the same of
// the heap per document held. The index tables double one at a time
// (internal/postings), so that the heap follows the documents held, and
// the pairs, rather than stepping up where tables of one size would all
// double (by some 8 %, the LSH's 16 tables, as about 6,000 documents held
// passed 6,144).
func BenchmarkRetention(b *testing.B) {
	for _, stories := range []int{4000, 8000, 12000} {
		b.Run(fmt.Sprintf("stories=%d", stories), func(b *testing.B) { benchRetention(b, stories) })
	}
}

// retentionCorpus returns a stream of the retention benchmarks: synth's
// corpus of the given stories, in order of time, cut in cuts windows of
// that share of its span, from the start of the second (the first, where
// stories begin, is left out), windows of them (all the rest if 0).
func retentionCorpus(stories, cuts, windows int) (docs []Document, start time.Time, window time.Duration) {
	c := synth.Generate(synth.Options{Seed: 1, Stories: stories})
	docs = make([]Document, len(c.Docs))
	for i, doc := range c.Docs {
		docs[i] = Document{ID: doc.ID, Text: []byte(doc.Text), Time: doc.Time}
	}
	slices.SortStableFunc(docs, func(x, y Document) int { return x.Time.Compare(y.Time) })
	window = docs[len(docs)-1].Time.Sub(docs[0].Time) / time.Duration(cuts)
	start = docs[0].Time.Add(window)
	docs = slices.DeleteFunc(docs, func(doc Document) bool {
		return doc.Time.Before(start) || windows > 0 && !doc.Time.Before(start.Add(time.Duration(windows)*window))
	})
	return docs, start, window
}

// streamWindows adds docs, from start on, to d and calls at after the
// last document of each window.
func streamWindows(b *testing.B, d *Detector, docs []Document, start time.Time, window time.Duration, at func()) {
	next := start.Add(window)
	for i, doc := range docs {
		if _, err := d.Add(doc); err != nil {
			b.Fatal(err)
		}
		if i+1 < len(docs) && docs[i+1].Time.Before(next) {
			continue
		}
		at()
		next = next.Add(window)
	}
}

func benchRetention(b *testing.B, stories int) {
	docs, start, window := retentionCorpus(stories, 14, 10)
	live := func() float64 {
		runtime.GC()
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return float64(m.HeapAlloc)
	}
	var heaps, held []float64
	for b.Loop() {
		heaps, held = heaps[:0], held[:0]
		base := live()
		d := New(Options{Retention: window})
		streamWindows(b, d, docs, start, window, func() {
			s := d.Stats()
			heaps = append(heaps, live()-base)
			held = append(held, float64(s.Documents))
			b.Logf("window %2d: %5d documents held, %5d evicted, %5d pairs, heap %5.1f MB, estimate %5.1f MB, RSS %5.1f MB",
				len(heaps), s.Documents, s.Evictions, s.Pairs, heaps[len(heaps)-1]/1e6, float64(s.MemoryBytes)/1e6, rss()/1e6)
		})
		runtime.KeepAlive(d)
	}
	// maxdev is the largest deviation of the live heap from the first
	// window's; maxdev-doc that of the heap per document held, since the
	// documents a window holds vary with the news (±4 % here).
	dev, devDoc := 0.0, 0.0
	for i, h := range heaps {
		b.ReportMetric(h/1e6, fmt.Sprintf("heap%02d-MB", i+1))
		dev = max(dev, math.Abs(h/heaps[0]-1))
		devDoc = max(devDoc, math.Abs(h/held[i]/(heaps[0]/held[0])-1))
	}
	b.ReportMetric(100*dev, "maxdev-%")
	b.ReportMetric(100*devDoc, "maxdev-doc-%")
}

// rss returns the resident set size of the process, 0 where /proc is
// not to be read.
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

// BenchmarkRetentionDisk runs the stream of BenchmarkRetention (4,000
// stories, in order of time, a window of a twelfth of its span) on a
// persistent Detector, which compacts on its own, and on one that never
// compacts (log), and reports the bytes on disk after each window
// (diskNN-MB, and logNN-MB for the log alone): bounded, a saw-tooth
// between the documents held and twice them plus compactFloor's records,
// where the log alone grows by a window's records each time. It reports
// too the largest disk over windows 2 to the last against the smallest
// (disk-max/min), Compact's time at the end (compact-ms) and Open's time
// after it (open-ms), against Open's of the log alone (open-log-ms).
//
//	go test -run '^$' -bench RetentionDisk -benchtime 1x .
func BenchmarkRetentionDisk(b *testing.B) {
	docs, start, window := retentionCorpus(4000, 12, 0)
	opts := Options{Retention: window}
	// stream adds docs to a new index and returns its bytes on disk after
	// each window, and Open's time after it is closed (compacted first
	// when compact is set).
	stream := func(compact bool) (disk []float64, open time.Duration) {
		dir := filepath.Join(b.TempDir(), "index")
		d, err := Open(dir, opts, StoreOptions{SyncEvery: time.Second})
		if err != nil {
			b.Fatal(err)
		}
		streamWindows(b, d, docs, start, window, func() {
			s := d.Stats()
			disk = append(disk, float64(s.DiskBytes))
			b.Logf("compact %v, window %2d: %5d documents held, %5d evicted, disk %5.1f MB", compact, len(disk), s.Documents, s.Evictions, float64(s.DiskBytes)/1e6)
		})
		if compact {
			t0 := time.Now()
			if err := d.Compact(); err != nil {
				b.Fatal(err)
			}
			took := time.Since(t0)
			b.Logf("Compact of %d documents held: %v", d.Stats().Documents, took)
			b.ReportMetric(float64(took.Milliseconds()), "compact-ms")
		}
		if err := d.Close(); err != nil {
			b.Fatal(err)
		}
		t0 := time.Now()
		d, err = Open(dir, opts, StoreOptions{})
		if err != nil {
			b.Fatal(err)
		}
		open = time.Since(t0)
		d.Close()
		return disk, open
	}
	for b.Loop() {
		disk, open := stream(true)
		floor := compactFloor
		compactFloor = math.MaxInt
		log, openLog := stream(false)
		compactFloor = floor
		b.Logf("Open after Compact: %v; Open of the log alone: %v", open, openLog)
		for i := range disk {
			b.ReportMetric(disk[i]/1e6, fmt.Sprintf("disk%02d-MB", i+1))
			b.ReportMetric(log[i]/1e6, fmt.Sprintf("log%02d-MB", i+1))
		}
		later := disk[min(1, len(disk)-1):]
		b.ReportMetric(slices.Max(later)/slices.Min(later), "disk-max/min")
		b.ReportMetric(float64(open.Milliseconds()), "open-ms")
		b.ReportMetric(float64(openLog.Milliseconds()), "open-log-ms")
	}
}
