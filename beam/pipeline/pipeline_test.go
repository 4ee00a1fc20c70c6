package pipeline

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/memfs"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/ptest"
	"github.com/newsreuse/dedupe"
	"github.com/newsreuse/dedupe/corpus"
	"github.com/newsreuse/dedupe/report"
	"github.com/newsreuse/dedupe/synth"
)

// The tests run the pipeline on Prism, in the test's process, and hold it
// to the command dedupe's results: the oracle is a Detector fed the same
// files in the same order, as the command feeds it.

func TestMain(m *testing.M) { ptest.MainWithDefault(m, "prism") }

// A line is one JSON line of the output, any type.
type line struct {
	Type          string           `json:"type"`
	A             string           `json:"a"`
	B             string           `json:"b"`
	Jaccard       float64          `json:"jaccard"`
	NearDuplicate bool             `json:"near_duplicate"`
	Words         int              `json:"words"`
	Passages      []report.Passage `json:"passages"`
	ID            string           `json:"id"`
	Source        string           `json:"source"`
	Members       []string         `json:"members"`
	Documents     int              `json:"documents"`
	Pairs         int              `json:"pairs"`
	Warnings      int              `json:"warnings"`
}

// run runs the pipeline over paths and returns its output's lines and
// its metrics.
func run(t *testing.T, paths []string, opts dedupe.Options) ([]line, beam.PipelineResult) {
	t.Helper()
	return runConfig(t, Config{Inputs: paths, Options: opts})
}

// runConfig runs the pipeline of cfg, writing to a temporary file, and
// returns its lines.
func runConfig(t *testing.T, cfg Config) ([]line, beam.PipelineResult) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "out.jsonl")
	cfg.Output = out
	p, s := beam.NewPipelineWithRoot()
	if err := Build(s, cfg); err != nil {
		t.Fatal(err)
	}
	res, err := ptest.RunWithMetrics(p)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var ls []line
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<26)
	for sc.Scan() {
		var l line
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			t.Fatalf("output line %q: %v", sc.Text(), err)
		}
		ls = append(ls, l)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return ls, res
}

// detect runs a Detector over paths, as the command dedupe does, and
// returns its pairs as JSON lines.
func detect(t *testing.T, paths []string, opts dedupe.Options) []line {
	t.Helper()
	r := corpus.NewReader(paths, corpus.Options{})
	d := dedupe.New(opts)
	var mu sync.Mutex
	var errs []error
	d.AddAll(func(yield func(dedupe.Document) bool) {
		for r.Scan() {
			doc := r.Doc()
			if !yield(dedupe.Document{ID: doc.ID, Text: doc.Content, HTML: doc.Format == corpus.HTML, Time: doc.Time}) {
				return
			}
		}
	}, 0, func(_ dedupe.Result, err error) bool {
		if err != nil {
			mu.Lock()
			errs = append(errs, err)
			mu.Unlock()
		}
		return true
	})
	if err := r.Err(); err != nil {
		t.Fatal(err)
	}
	// As the command dedupe does once its inputs are read.
	if _, err := d.Settle(); err != nil {
		t.Fatal(err)
	}
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	var ls []line
	for p := range d.AllPairs() {
		r := report.NewPair(p)
		ls = append(ls, line{Type: r.Type, A: r.A, B: r.B, Jaccard: r.Jaccard, NearDuplicate: r.NearDuplicate, Words: r.Words, Passages: r.Passages})
	}
	return ls
}

// pairs returns the pair lines of ls.
func pairs(ls []line) []line {
	return slices.DeleteFunc(slices.Clone(ls), func(l line) bool { return l.Type != "pair" })
}

func TestSeeds(t *testing.T) {
	paths, err := filepath.Glob("../../testdata/seeds/*.txt")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no seeds: %v", err)
	}
	got, _ := run(t, paths, dedupe.Options{})
	want := detect(t, paths, dedupe.Options{})
	if len(want) != 1 {
		t.Fatalf("the Detector finds %d pairs in the seeds, want 1", len(want))
	}
	if g := pairs(got); !slices.EqualFunc(g, want, samePair) {
		t.Errorf("pairs:\n%+v\nwant\n%+v", g, want)
	}
	last := got[len(got)-1]
	if last.Type != "summary" || last.Documents != len(paths) || last.Pairs != 1 {
		t.Errorf("summary %+v, want %d documents and 1 pair", last, len(paths))
	}
}

// TestRemoteInputs: files of a Beam filesystem (memfs here, as gs:// or
// s3:// on a cluster) are listed by pattern and read as local files are,
// their documents named by their remote paths; a text file over the size
// limit is skipped with a warning, and the run goes on.
func TestRemoteInputs(t *testing.T) {
	paths, err := filepath.Glob("../../testdata/seeds/*.txt")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no seeds: %v", err)
	}
	const dir = "memfs://remote-seeds/"
	var largest int
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		largest = max(largest, len(b))
		memfs.Write(dir+filepath.Base(p), b)
	}
	memfs.Write(dir+"zz-too-large.txt", bytes.Repeat([]byte("word "), largest))
	got, _ := runConfig(t, Config{Inputs: []string{dir + "*.txt"}, MaxFileSize: int64(largest)})
	want := detect(t, paths, dedupe.Options{})
	for i := range want {
		want[i].A = dir + filepath.Base(want[i].A)
		want[i].B = dir + filepath.Base(want[i].B)
	}
	if g := pairs(got); len(want) != 1 || !slices.EqualFunc(g, want, samePair) {
		t.Errorf("pairs:\n%+v\nwant\n%+v", g, want)
	}
	last := got[len(got)-1]
	if last.Type != "summary" || last.Documents != len(paths) || last.Warnings != 1 {
		t.Errorf("summary %+v, want %d documents and 1 warning (the file over the limit)", last, len(paths))
	}
	if _, err := expand(context.Background(), []string{dir + "*.md"}); err == nil || !strings.Contains(err.Error(), "matches no file") {
		t.Errorf("a remote pattern matching nothing: %v", err)
	}
}

// samePair reports whether two pair lines are equal, passages included.
func samePair(x, y line) bool {
	return x.A == y.A && x.B == y.B && x.Jaccard == y.Jaccard && x.NearDuplicate == y.NearDuplicate && x.Words == y.Words && slices.Equal(x.Passages, y.Passages)
}

// synthCorpus writes a generated corpus of about 2,000 documents and
// returns its path and ground truth.
func synthCorpus(t *testing.T) (string, *synth.Corpus) { return synthStories(t, 340) }

// synthStories writes a generated corpus of the given wire stories.
func synthStories(t *testing.T, stories int) (string, *synth.Corpus) {
	t.Helper()
	o := synth.Options{Seed: 1, Stories: stories}
	path := filepath.Join(t.TempDir(), "synth.jsonl")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := synth.Write(f, o); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path, synth.Generate(o)
}

// f1 returns the F1 score of the pairs got against want, unordered.
func f1(got, want map[[2]string]bool) (f, p, r float64) {
	both := 0
	for k := range got {
		if want[k] {
			both++
		}
	}
	if both == 0 {
		return 0, 0, 0
	}
	p, r = float64(both)/float64(len(got)), float64(both)/float64(len(want))
	return 2 * p * r / (p + r), p, r
}

func pairSet(ls []line) map[[2]string]bool {
	m := map[[2]string]bool{}
	for _, l := range pairs(ls) {
		a, b := min(l.A, l.B), max(l.A, l.B)
		m[[2]string{a, b}] = true
	}
	return m
}

func TestSynth(t *testing.T) { testSynth(t, 340) }

// TestSynthSmall runs a corpus too small for any line to be in more than
// MaxDF documents: a wire service's copyright line must be found common
// from its frequency alone.
func TestSynthSmall(t *testing.T) { testSynth(t, 20) }

func testSynth(t *testing.T, stories int) {
	path, c := synthStories(t, stories)
	got, res := run(t, []string{path}, dedupe.Options{})
	want := detect(t, []string{path}, dedupe.Options{})
	truth := map[[2]string]bool{}
	for _, r := range c.Reuses {
		truth[[2]string{min(r.A, r.B), max(r.A, r.B)}] = true
	}
	gs, ws := pairSet(got), pairSet(want)
	f, p, r := f1(gs, ws)
	fg, pg, rg := f1(gs, truth)
	fw, pw, rw := f1(ws, truth)
	t.Logf("%d documents; pipeline %d pairs, Detector %d, truth %d", len(c.Docs), len(gs), len(ws), len(truth))
	t.Logf("pipeline against the Detector: F1 %.4f (precision %.4f, recall %.4f)", f, p, r)
	t.Logf("against the truth: pipeline F1 %.4f (P %.4f R %.4f), Detector F1 %.4f (P %.4f R %.4f)", fg, pg, rg, fw, pw, rw)
	logMetrics(t, res, len(c.Docs))
	if f < 0.98 {
		t.Errorf("pair F1 against the Detector %.4f, want >= 0.98", f)
	}
	if fg < fw-0.01 {
		t.Errorf("F1 against the truth %.4f, more than 0.01 below the Detector's %.4f", fg, fw)
	}
}

// TestNearOnly holds near-only mode to the Detector's pairs exactly, in
// its order. The generated corpus has no near-duplicates at the default
// threshold (every outlet wraps a copy in its own chrome), so the test
// takes 0.5: 2,018 pairs.
func TestNearOnly(t *testing.T) {
	path, _ := synthCorpus(t)
	o := dedupe.Options{NearOnly: true, Threshold: 0.5}
	got, _ := run(t, []string{path}, o)
	want := detect(t, []string{path}, o)
	if len(want) == 0 {
		t.Fatal("the Detector finds no near-duplicates")
	}
	if g := pairs(got); !slices.EqualFunc(g, want, samePair) {
		gs, ws := pairSet(g), pairSet(want)
		for k := range gs {
			if !ws[k] {
				t.Errorf("extra pair %v", k)
			}
		}
		for k := range ws {
			if !gs[k] {
				t.Errorf("missing pair %v", k)
			}
		}
		t.Errorf("%d pairs, want the Detector's %d, in its order", len(g), len(want))
	}
}

// logMetrics logs the pipeline's counters and distributions per document:
// the figures of README.md's cost model.
func logMetrics(t *testing.T, res beam.PipelineResult, docs int) {
	if res == nil {
		return
	}
	for _, c := range res.Metrics().AllMetrics().Counters() {
		t.Logf("%s %s: %d (%.1f a document)", c.Key.Step, c.Key.Name, c.Committed, float64(c.Committed)/float64(docs))
	}
	for _, d := range res.Metrics().AllMetrics().Distributions() {
		v := d.Committed
		mean := 0.0
		if v.Count > 0 {
			mean = float64(v.Sum) / float64(v.Count)
		}
		t.Logf("%s %s: %d groups, largest %d, mean %s", d.Key.Step, d.Key.Name, v.Count, v.Max, fmt.Sprintf("%.2f", mean))
	}
}

// TestSourceContains: four partial copies of a wire story, each with a
// local story and one shared note, are added before the story, with no
// times. The copies share more words with each other than with the
// story, which holds the text they share (Member.Held): it is the source,
// in the pipeline as in the Detector (the root package's
// TestSourceContains).
func TestSourceContains(t *testing.T) {
	c := synth.Generate(synth.Options{Seed: 7, Stories: 40})
	var wire, locals []string
	for _, d := range c.Docs {
		switch d.Kind {
		case synth.KindWire:
			if ps := strings.Split(d.Text, "\n\n"); len(ps) > len(wire) {
				wire = ps
			}
		case synth.KindLocal:
			locals = append(locals, d.Text)
		}
	}
	if len(wire) < 14 || len(locals) < 5 {
		t.Fatalf("no wire story of 14 paragraphs (longest %d) or 5 local stories", len(wire))
	}
	note := strings.Join(strings.Fields(locals[4])[20:130], " ")
	dir := t.TempDir()
	var paths []string
	write := func(name, text string) {
		p := filepath.Join(dir, name+".txt")
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	for i := range 4 {
		write(fmt.Sprint("part", i), locals[i]+"\n\n"+strings.Join(wire[1+3*i:4+3*i], "\n\n")+"\n\n"+note)
	}
	write("wire", strings.Join(wire, "\n\n"))
	got, _ := run(t, paths, dedupe.Options{})
	d := dedupe.New(dedupe.Options{})
	for _, p := range paths {
		text, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := d.Add(dedupe.Document{ID: p, Text: text}); err != nil {
			t.Fatal(err)
		}
	}
	var want []string
	for cl := range d.AllClusters() {
		want = append(want, cl.Source)
	}
	var sources []string
	for _, l := range got {
		if l.Type == "cluster" {
			sources = append(sources, l.Source)
		}
	}
	if len(want) != 1 || want[0] != paths[4] {
		t.Fatalf("the Detector's sources %q, want %s", want, paths[4])
	}
	if !slices.Equal(sources, want) {
		t.Errorf("sources %q, want the Detector's %q", sources, want)
	}
}

// TestCommonWindow: a fingerprint's carriers count for a pair only among
// the documents around its later one in the input (dedupe.Batch.Around),
// numbered across files in their order, as the command settles its pairs.
func TestCommonWindow(t *testing.T) {
	f := &commonFn{Options: dedupe.Options{}}
	if err := f.Setup(); err != nil {
		t.Fatal(err)
	}
	counts := []fileCount{{Index: 1, Docs: 30000}, {Index: 0, Docs: 20000}}
	f.numbers(func(c *fileCount) bool {
		if len(counts) == 0 {
			return false
		}
		*c, counts = counts[0], counts[1:]
		return true
	})
	ord := func(file, i uint64) uint64 { return file<<ordBits | i }
	if n := f.number(ord(1, 5)); f.total != 50000 || n != 20005 {
		t.Fatalf("total %d, number of the 6th document of file 1 %d; want 50000, 20005", f.total, n)
	}
	// The pair: documents 20000 and 20100 (file 1's first and 101st).
	q := query{A: ord(1, 0), B: ord(1, 100), CA: alone(ord(1, 0)), CB: alone(ord(1, 100))}
	carriers := func(ords ...uint64) []carrier {
		var cs []carrier
		for _, o := range ords {
			cs = append(cs, carrier{Ord: o, Place: place{Cluster: alone(o)}})
		}
		return cs
	}
	lo, hi := f.b.Around(20100, 50000)
	if lo != 10100 || hi != 30100 {
		t.Fatalf("window [%d, %d), want [10100, 30100)", lo, hi)
	}
	if f.outside(carriers(ord(0, 5), ord(0, 10099)), q, false) {
		t.Error("two carriers before the window: common")
	}
	if f.outside(carriers(ord(1, 10100), ord(1, 20000)), q, false) {
		t.Error("two carriers after the window: common")
	}
	if !f.outside(carriers(ord(0, 10100), ord(1, 10099)), q, false) {
		t.Error("two carriers at the window's ends: not common")
	}
}
