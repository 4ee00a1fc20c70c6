// Command bench is dedupe's benchmark kit: it times the dedupe command on
// Reuters-21578 and on generated news corpora, and times two Go MinHash
// libraries doing the same near-duplicate work on the same corpus in the
// same run.
//
// Run it from this folder (a module of its own, so that the peers'
// dependencies stay out of dedupe's go.mod):
//
//	go run .                              # Reuters + a 100 MB generated corpus
//	go run . -sizes 100MB,300MB,1GB       # the full run
//	go run . -sizes '' -runs 5            # Reuters only
//
// Every tool runs as a separate process on the same files: wall time, CPU
// time and peak RSS (getrusage's ru_maxrss) are the process's own. On
// Reuters each tool's near-duplicate pairs are scored against the exact
// pairs: every pair of documents whose sets of 5-word shingles (dedupe's
// shingle package, for every tool) have Jaccard similarity ≥ 0.8, found by
// an exact all-pairs search in this process. The results are printed as
// Markdown tables.
package main

import (
	"bytes"
	"compress/gzip"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"time"

	"github.com/newsreuse/dedupe/synth"
)

const threshold = 0.8

type config struct {
	root         string
	reuters      string
	runs         int
	sizes        string
	seed         uint64
	dir          string
	gzip         bool
	synthTools   string
	layoutRounds int
	synthRuns    int
	stat         string
	synthTruth   string
	peerVerify   string
	keep         bool
}

func main() {
	var c config
	flag.StringVar(&c.root, "root", "..", "the dedupe repository (its cmd/dedupe is built)")
	flag.StringVar(&c.reuters, "reuters", "../../shared/corpora/reuters-21578/reuters21578.jsonl.gz", "Reuters-21578 as JSON lines; empty to skip")
	flag.IntVar(&c.runs, "runs", 3, "runs of each tool on Reuters")
	flag.StringVar(&c.stat, "stat", "median", "wall time reported of several runs: median, or min (the least disturbed run, for a busy machine)")
	flag.StringVar(&c.sizes, "sizes", "100MB", "comma-separated sizes of generated corpora (JSON lines bytes, decimal units: 100MB,300MB,1GB); empty for none")
	flag.Uint64Var(&c.seed, "seed", 1, "seed of the generated corpora")
	flag.StringVar(&c.dir, "dir", "", "folder for the generated corpora, kept and reused across runs (default: a temporary folder, removed)")
	flag.BoolVar(&c.gzip, "gzip", false, "write generated corpora gzipped (.jsonl.gz)")
	flag.IntVar(&c.layoutRounds, "layout-runs", 2, "runs of each peer runner's code layouts on Reuters, to keep each peer's fastest (0: default layout only; see layouts.go)")
	flag.StringVar(&c.synthTools, "synth-tools", "full", "tools run on generated corpora: any of near, near1 (-near-only -j 1), full, near4k and full4k (-huge-pages=false), gominhash, minhashlsh, floor (read + shingle only)")
	flag.IntVar(&c.synthRuns, "synth-runs", 1, "runs of each tool on each generated corpus")
	flag.StringVar(&c.synthTruth, "synth-truth", "reuse", "score pairs on generated corpora against: reuse (the generator's pairs sharing wire text; builds the corpus in memory in a child, about 3× its size), exact (the exact near-duplicate pairs; slow above 300 MB) or none")
	flag.StringVar(&c.peerVerify, "peer-verify", "exact,estimate", "how peers check LSH candidates, one row each: exact (Jaccard of shingle sets, as dedupe), estimate (MinHash estimate), none")
	flag.BoolVar(&c.keep, "keep", false, "keep the temporary folder (binaries, outputs)")
	flag.Parse()
	if err := c.main(os.Stdout); err != nil {
		fmt.Fprintf(os.Stderr, "bench: %v\n", err)
		os.Exit(1)
	}
}

func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "bench: "+format+"\n", args...)
}

func (c *config) main(stdout io.Writer) error {
	switch c.synthTruth {
	case "reuse", "exact", "none":
	default:
		return fmt.Errorf("unknown -synth-truth %q (want reuse, exact or none)", c.synthTruth)
	}
	if c.stat != "median" && c.stat != "min" {
		return fmt.Errorf("unknown -stat %q (want median or min)", c.stat)
	}
	labels, sizes, err := parseSizes(c.sizes)
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "dedupe-bench-")
	if err != nil {
		return err
	}
	if c.keep {
		logf("keeping %s", tmp)
	} else {
		defer os.RemoveAll(tmp)
	}
	bins, err := c.build(tmp)
	if err != nil {
		return err
	}
	var layouts []layoutChoice
	if c.layoutsEnabled() {
		logf("peer runners: timing %d code layouts on Reuters", len(peerLayouts))
		if bins, layouts, err = c.pickLayouts(bins, tmp, c.reuters, c.layoutRounds); err != nil {
			return err
		}
	}

	var md bytes.Buffer
	fmt.Fprintf(&md, "%s", c.machine())
	var ts targets
	if c.reuters != "" {
		if err := c.reutersRun(&md, tmp, bins, &ts); err != nil {
			return err
		}
		writeLayouts(&md, layouts)
	}
	if len(sizes) > 0 {
		if err := c.synthRun(&md, tmp, bins, labels, sizes, &ts); err != nil {
			return err
		}
	}
	ts.write(&md)
	_, err = stdout.Write(md.Bytes())
	return err
}

// binaries are the commands the kit builds.
type binaries struct{ dedupe, gominhash, minhashlsh, exactpairs, synthpairs string }

// build builds the dedupe command from the repository at c.root and the
// peer runners from this module, into dir.
func (c *config) build(dir string) (binaries, error) {
	b := binaries{
		dedupe:     filepath.Join(dir, "dedupe"),
		gominhash:  filepath.Join(dir, "gominhash"),
		minhashlsh: filepath.Join(dir, "minhashlsh"),
		exactpairs: filepath.Join(dir, "exactpairs"),
		synthpairs: filepath.Join(dir, "synthpairs"),
	}
	logf("building dedupe (%s) and the peer runners", c.root)
	if err := goBuild(c.root, b.dedupe, "./cmd/dedupe"); err != nil {
		return b, err
	}
	for _, p := range []struct{ out, pkg string }{
		{b.gominhash, "./cmd/gominhash"},
		{b.minhashlsh, "./cmd/minhashlsh"},
		{b.exactpairs, "./cmd/exactpairs"},
		{b.synthpairs, "./cmd/synthpairs"},
	} {
		if err := goBuild(".", p.out, p.pkg); err != nil {
			return b, err
		}
	}
	return b, nil
}

func goBuild(dir, out, pkg string, flags ...string) error {
	args := append(append([]string{"build"}, flags...), "-o", out, pkg)
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	if msg, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go build %s in %s: %v\n%s", pkg, dir, err, msg)
	}
	return nil
}

// machine describes the machine and the code measured.
func (c *config) machine() string {
	cpu := "unknown CPU"
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for line := range strings.Lines(string(b)) {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				cpu = strings.TrimSpace(v)
				break
			}
		}
	}
	mem := ""
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		var kb int64
		if _, err := fmt.Sscanf(string(b), "MemTotal: %d kB", &kb); err == nil {
			mem = fmt.Sprintf(", %.0f GiB memory", float64(kb)/(1<<20))
		}
	}
	rev := "unknown commit"
	if out, err := exec.Command("git", "-C", c.root, "describe", "--always", "--dirty").Output(); err == nil {
		rev = "commit " + strings.TrimSpace(string(out))
	}
	s := fmt.Sprintf("Machine: %d cores (%s)%s, %s %s/%s; dedupe at %s; %s.\n",
		runtime.NumCPU(), cpu, mem, runtime.Version(), runtime.GOOS, runtime.GOARCH, rev, time.Now().UTC().Format("2006-01-02"))
	if load := loadAvg(); load > 0.5 {
		s += fmt.Sprintf("\n**Warning:** the 1-minute load average was %.2f before the runs: other processes were busy, so times may be inflated.\n", load)
	}
	return s
}

// loadAvg returns the 1-minute load average, or 0 if unknown.
func loadAvg() float64 {
	var l float64
	if b, err := os.ReadFile("/proc/loadavg"); err == nil {
		fmt.Sscan(string(b), &l)
	}
	return l
}

// row is one tool's measurement on one corpus.
type row struct {
	corpus string
	tool   tool
	m      measurement
	score  *score // nil when not scored
}

// mb returns the text bytes per second, in MB.
func (r row) mbps() float64  { return float64(r.m.summary.Bytes) / 1e6 / r.m.wall.Seconds() }
func (r row) docps() float64 { return float64(r.m.summary.Documents) / r.m.wall.Seconds() }

// tools returns the tools by short name: near, near1 (one worker), full,
// near4k and full4k (without huge pages), gominhash[-MODE],
// minhashlsh[-MODE], floor.
func (c *config) tools(b binaries) map[string]tool {
	json := []string{"-format", "json", "-progress", "never"}
	t := map[string]tool{
		"near":  {name: "dedupe -near-only", bin: b.dedupe, args: append([]string{"-near-only"}, json...)},
		"near1": {name: "dedupe -near-only -j 1", bin: b.dedupe, args: append([]string{"-near-only", "-j", "1"}, json...)},
		// Without the huge pages the command asks for on Linux: what they
		// are worth, and the time of a library user who does not ask.
		"near4k": {name: "dedupe -near-only -huge-pages=false", bin: b.dedupe, args: append([]string{"-near-only", "-huge-pages=false"}, json...)},
		"full4k": {name: "dedupe -huge-pages=false (full analysis)", bin: b.dedupe, args: append([]string{"-huge-pages=false"}, json...)},
		"full":   {name: "dedupe (full analysis)", bin: b.dedupe, args: json},
	}
	for _, mode := range []string{"exact", "estimate", "none"} {
		suffix := ""
		if mode != "exact" {
			suffix = ", " + mode + " check"
		}
		t["gominhash-"+mode] = tool{name: "dgryski/go-minhash" + suffix, bin: b.gominhash, args: []string{"-verify", mode}}
		t["minhashlsh-"+mode] = tool{name: "ekzhu/minhash-lsh" + suffix, bin: b.minhashlsh, args: []string{"-verify", mode}}
	}
	t["gominhash"], t["minhashlsh"] = t["gominhash-exact"], t["minhashlsh-exact"]
	t["floor"] = tool{name: "read + shingle only, one goroutine", bin: b.exactpairs, args: []string{"-load-only"}, noPairs: true}
	return t
}

// truth is a corpus's true pairs: the exact near-duplicate pairs found by
// the exactpairs command, or (reuse) the pairs that share text in a
// generated corpus, from synthpairs.
type truth struct {
	pairs []pairKey
	row   row  // the run that found them
	reuse bool // score all reported pairs, not only near-duplicates
}

// synthTruth returns the pairs of documents sharing wire text in the
// corpus generated for seed and size.
func synthTruth(corpus string, b binaries, seed uint64, size int64, out string) (*truth, error) {
	t := tool{name: "synth ground truth", bin: b.synthpairs, args: []string{"-seed", fmt.Sprint(seed), "-bytes", fmt.Sprint(size)}}
	logf("%s: ground truth (documents sharing wire text)", corpus)
	m, err := run(t, nil, out)
	if err != nil {
		return nil, err
	}
	_, pairs, err := readPairs(out)
	return &truth{pairs: pairs, row: row{corpus: corpus, tool: t, m: m}, reuse: true}, err
}

func computeTruth(corpus string, b binaries, path, out string) (*truth, error) {
	t := tool{name: "exact all pairs (the truth)", bin: b.exactpairs, args: []string{"-threshold", fmt.Sprint(threshold)}}
	rows, err := measure(corpus, []tool{t}, path, []string{out}, 1, "min", nil)
	if err != nil {
		return nil, err
	}
	pairs, _, err := readPairs(out)
	return &truth{pairs: pairs, row: rows[0]}, err
}

// measure runs each tool on path n times, in rounds (each tool once per
// round, so that a burst of load from elsewhere hits all alike), and scores
// each tool's pairs against tr, if not nil. Tool i writes to outs[i].
func measure(corpus string, tools []tool, path string, outs []string, n int, stat string, tr *truth) ([]row, error) {
	runs := make([][]measurement, len(tools))
	for round := range max(n, 1) {
		for i, t := range tools {
			m, err := run(t, []string{path}, outs[i])
			if err != nil {
				return nil, err
			}
			logf("%s: %s: %.2f s, %s peak RSS (run %d of %d)", corpus, t.name, m.wall.Seconds(), fmtMB(m.maxRSS), round+1, n)
			runs[i] = append(runs[i], m)
		}
	}
	rows := make([]row, len(tools))
	for i, t := range tools {
		rows[i] = row{corpus: corpus, tool: t, m: pick(runs[i], stat)}
		if tr == nil || t.noPairs {
			continue
		}
		near, other, err := readPairs(outs[i])
		if err != nil {
			return nil, err
		}
		var s score
		if tr.reuse {
			s = scorePairs(tr.pairs, append(near, other...))
		} else {
			s = scorePairs(tr.pairs, near)
			s.other = len(other)
		}
		rows[i].score = &s
	}
	debug.FreeOSMemory() // stay small: a child can inherit the parent's peak RSS
	return rows, nil
}

func (c *config) reutersRun(md io.Writer, tmp string, b binaries, ts *targets) error {
	if _, err := os.Stat(c.reuters); err != nil {
		return fmt.Errorf("reuters corpus: %v (set -reuters, or -reuters '' to skip)", err)
	}
	logf("Reuters: exact pairs (Jaccard ≥ %.1f of 5-word shingle sets)", threshold)
	tr, err := computeTruth("Reuters", b, c.reuters, filepath.Join(tmp, "reuters-truth.jsonl"))
	if err != nil {
		return err
	}
	logf("  %d pairs among %d documents", len(tr.pairs), tr.row.m.summary.Documents)
	all := c.tools(b)
	names := []string{"near", "near4k", "near1", "full"}
	for _, v := range strings.Split(c.peerVerify, ",") {
		if v = strings.TrimSpace(v); v == "" {
			continue
		}
		if _, ok := all["gominhash-"+v]; !ok {
			return fmt.Errorf("unknown -peer-verify %q", v)
		}
		names = append(names, "gominhash-"+v, "minhashlsh-"+v)
	}
	var tools []tool
	var outs []string
	for i, name := range names {
		tools = append(tools, all[name])
		outs = append(outs, filepath.Join(tmp, fmt.Sprintf("reuters-%d.jsonl", i)))
	}
	rows, err := measure("Reuters", tools, c.reuters, outs, c.runs, c.stat, tr)
	if err != nil {
		return err
	}
	ts.reuters = rows
	floor, err := measure("Reuters", []tool{all["floor"]}, c.reuters, []string{filepath.Join(tmp, "reuters-floor.jsonl")}, c.runs, c.stat, nil)
	if err != nil {
		return err
	}
	n := len(tr.pairs)
	tr.row.score = &score{reported: n, correct: n, truth: n}
	writeReuters(md, append(rows, tr.row, floor[0]), tr, c)
	return nil
}

func writeReuters(md io.Writer, rows []row, tr *truth, c *config) {
	fmt.Fprintf(md, "\n### Reuters-21578: near-duplicates, dedupe and two MinHash libraries\n\n")
	fmt.Fprintf(md, "%d documents, %.1f MB of text; %d exact pairs with Jaccard ≥ %.1f (5-word shingles). Wall time: %s of %d runs; × go-minhash: wall time over go-minhash's (exact check) in the same run. Recall and precision are against the exact pairs.\n\n",
		tr.row.m.summary.Documents, float64(tr.row.m.summary.Bytes)/1e6, len(tr.pairs), threshold, statName(c.stat), c.runs)
	ref := rows[0].m.wall
	for _, r := range rows {
		if r.tool.name == "dgryski/go-minhash" {
			ref = r.m.wall
		}
	}
	fmt.Fprintln(md, "| tool | wall | (range) | × go-minhash | CPU | peak RSS | docs/s | MB/s | near-dup pairs | recall | precision |")
	fmt.Fprintln(md, "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
	for _, r := range rows {
		s := r.score
		pairs, recall, precision := "–", "–", "–"
		if s != nil {
			pairs = fmt.Sprint(s.reported)
			if s.other > 0 {
				pairs += fmt.Sprintf(" (+%d passage)", s.other)
			}
			recall, precision = fmt.Sprintf("%.4f", s.recall()), fmt.Sprintf("%.4f", s.precision())
		}
		spread := ""
		if r.m.runs > 1 {
			spread = fmt.Sprintf("%.2f–%.2f", r.m.lo.Seconds(), r.m.hi.Seconds())
		}
		fmt.Fprintf(md, "| %s | %.2f s | %s | %.2f | %.2f s | %s | %s | %.1f | %s | %s | %s |\n",
			r.tool.name, r.m.wall.Seconds(), spread, r.m.wall.Seconds()/ref.Seconds(), r.m.cpu.Seconds(),
			fmtMB(r.m.maxRSS), fmtInt(r.docps()), r.mbps(), pairs, recall, precision)
	}
}

func (c *config) synthRun(md io.Writer, tmp string, b binaries, labels []string, sizes []int64, ts *targets) error {
	dir := c.dir
	if dir == "" {
		dir = tmp
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	all := c.tools(b)
	var names []string
	for _, n := range strings.Split(c.synthTools, ",") {
		if n = strings.TrimSpace(n); n == "" {
			continue
		}
		if _, ok := all[n]; !ok {
			return fmt.Errorf("unknown tool %q in -synth-tools (want near, near1, full, near4k, full4k, gominhash, minhashlsh, floor)", n)
		}
		names = append(names, n)
	}
	var rows []row
	var gens []genInfo
	for i, size := range sizes {
		g, err := c.generate(dir, labels[i], size)
		if err != nil {
			return err
		}
		gens = append(gens, g)
		var tr *truth
		switch c.synthTruth {
		case "exact":
			tr, err = computeTruth("synth "+labels[i], b, g.path, filepath.Join(tmp, fmt.Sprintf("synth-%d-truth.jsonl", i)))
		case "reuse":
			tr, err = synthTruth("synth "+labels[i], b, c.seed, size, filepath.Join(tmp, fmt.Sprintf("synth-%d-truth.jsonl", i)))
		}
		if err != nil {
			return err
		}
		var tools []tool
		var outs []string
		for j, name := range names {
			tools = append(tools, all[name])
			outs = append(outs, filepath.Join(tmp, fmt.Sprintf("synth-%d-%d.jsonl", i, j)))
		}
		rs, err := measure("synth "+labels[i], tools, g.path, outs, c.synthRuns, c.stat, tr)
		if err != nil {
			return err
		}
		rows = append(rows, rs...)
		if c.dir == "" && i+1 < len(sizes) {
			os.Remove(g.path) // keep the temporary folder small
		}
	}
	ts.synth = rows
	writeSynth(md, rows, gens, c)
	return nil
}

// genInfo describes a generated corpus.
type genInfo struct {
	label string
	path  string
	st    synth.Stats
	took  time.Duration // 0 if reused
}

// generate writes (or reuses, in a -dir) the corpus of about size bytes.
func (c *config) generate(dir, label string, size int64) (genInfo, error) {
	name := fmt.Sprintf("synth-seed%d-%s.jsonl", c.seed, label)
	if c.gzip {
		name += ".gz"
	}
	g := genInfo{label: label, path: filepath.Join(dir, name)}
	opts := synth.Options{Seed: c.seed, TargetBytes: size}
	if c.dir != "" {
		if _, err := os.Stat(g.path); err == nil {
			// Reuse: count it without writing (generation is deterministic).
			logf("synth %s: reusing %s", label, g.path)
			st, err := synth.Write(io.Discard, opts)
			g.st = st
			return g, err
		}
	}
	logf("synth %s: generating %s", label, g.path)
	start := time.Now()
	tmpPath := g.path + ".tmp"
	f, err := os.Create(tmpPath)
	if err != nil {
		return g, err
	}
	var w io.Writer = f
	var zw *gzip.Writer
	if c.gzip {
		zw, _ = gzip.NewWriterLevel(f, gzip.BestSpeed)
		w = zw
	}
	g.st, err = synth.Write(w, opts)
	if zw != nil {
		err = errors.Join(err, zw.Close())
	}
	if err = errors.Join(err, f.Close()); err != nil {
		os.Remove(tmpPath)
		return g, err
	}
	g.took = time.Since(start)
	logf("  %d documents, %.0f MB in %.1f s", g.st.Docs, float64(g.st.Bytes)/1e6, g.took.Seconds())
	return g, os.Rename(tmpPath, g.path)
}

func writeSynth(md io.Writer, rows []row, gens []genInfo, c *config) {
	fmt.Fprintf(md, "\n### Generated news corpora (package synth, seed %d)\n\n", c.seed)
	for _, g := range gens {
		fmt.Fprintf(md, "- %s: %d documents, %.0f MB of JSON lines", g.label, g.st.Docs, float64(g.st.Bytes)/1e6)
		if g.took > 0 {
			fmt.Fprintf(md, " (generated in %.1f s)", g.took.Seconds())
		}
		fmt.Fprintln(md)
	}
	fmt.Fprintf(md, "\nTime per 100 MB of text is the linearity check: it should stay flat as the corpus grows (last column: relative to the smallest corpus, same tool).\n\n")
	scored := c.synthTruth != "none"
	switch c.synthTruth {
	case "reuse":
		fmt.Fprintf(md, "Recall and precision: of all the pairs a tool reports (near-duplicates and passages) against the generator's ground truth, the pairs of documents that share wire text (a near-duplicate search finds only the few whole copies among them).\n\n")
	case "exact":
		fmt.Fprintf(md, "Recall and precision: of the near-duplicate pairs a tool reports, against the exact pairs at Jaccard ≥ %.1f.\n\n", threshold)
	}
	head := "| corpus | tool | docs | text MB | wall | CPU | peak RSS | docs/s | MB/s | s per 100 MB | vs smallest |"
	sep := "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|"
	if scored {
		head += " recall | precision |"
		sep += "--:|--:|"
	}
	fmt.Fprintln(md, head)
	fmt.Fprintln(md, sep)
	first := map[string]float64{}
	for _, r := range rows {
		per := r.m.wall.Seconds() / (float64(r.m.summary.Bytes) / 1e8)
		if _, ok := first[r.tool.name]; !ok {
			first[r.tool.name] = per
		}
		fmt.Fprintf(md, "| %s | %s | %d | %.0f | %.1f s | %.1f s | %s | %s | %.1f | %.2f s | %.2f |",
			r.corpus, r.tool.name, r.m.summary.Documents, float64(r.m.summary.Bytes)/1e6, r.m.wall.Seconds(), r.m.cpu.Seconds(),
			fmtMB(r.m.maxRSS), fmtInt(r.docps()), r.mbps(), per, per/first[r.tool.name])
		if scored && r.score != nil {
			fmt.Fprintf(md, " %.4f | %.4f |", r.score.recall(), r.score.precision())
		} else if scored {
			fmt.Fprint(md, " – | – |")
		}
		fmt.Fprintln(md)
	}
}

func statName(stat string) string {
	if stat == "min" {
		return "best"
	}
	return "median"
}

func fmtMB(b int64) string {
	if b >= 1e9 {
		return fmt.Sprintf("%.2f GB", float64(b)/1e9)
	}
	return fmt.Sprintf("%.0f MB", float64(b)/1e6)
}

// fmtInt formats v rounded, with thousands separators.
func fmtInt(v float64) string {
	s := fmt.Sprintf("%.0f", v)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}
