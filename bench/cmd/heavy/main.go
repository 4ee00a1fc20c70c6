// Command heavy measures the dedupe command on heavy input: many copies of
// one story, and very large documents. For each input it runs dedupe
// -format json as a separate process and prints its wall time, CPU time and
// peak RSS, then whether the targets are met.
//
// Inputs, generated in a temporary folder:
//
//   - copies: N exact copies of the bundled AP story (2.4 KB), as JSON lines;
//   - near: N copies of it, each with a header and a footer of its own;
//   - big: one and two documents of -big bytes of generated news text, run
//     with -max-doc-size raised to take them, and one at the default limit,
//     which dedupe refuses with a warning.
//
// Usage (from the bench folder):
//
//	go run ./cmd/heavy [-copies 1000,10000,100000] [-near 1000,10000] [-big 250MB]
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/newsreuse/dedupe/synth"
)

func main() {
	var c config
	flag.StringVar(&c.root, "root", "..", "the dedupe repository (its cmd/dedupe is built)")
	flag.StringVar(&c.copies, "copies", "1000,10000,100000", "counts of exact copies, comma-separated; empty for none")
	flag.StringVar(&c.near, "near", "1000,10000,100000", "counts of near-identical copies (a header and footer each), comma-separated; empty for none")
	flag.StringVar(&c.big, "big", "250MB", "size of each large document (decimal units); empty for none")
	flag.StringVar(&c.dir, "dir", "", "folder for the generated inputs, kept and reused (default: a temporary folder, removed)")
	flag.Parse()
	if err := c.main(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "heavy:", err)
		os.Exit(1)
	}
}

type config struct {
	root, copies, near, big, dir string
}

// A row is one measured run.
type row struct {
	input, args      string
	docs, pairs      int
	unverified       int
	warnings         int
	wall, cpu        time.Duration
	maxRSS           int64
	count            int   // copies, for the linearity target
	docBytes, inputs int64 // for the large-document rows
}

func (c *config) main(w io.Writer) error {
	dir := c.dir
	if dir == "" {
		tmp, err := os.MkdirTemp("", "heavy")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		dir = tmp
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	bin := filepath.Join(dir, "dedupe")
	build := exec.Command("go", "build", "-o", bin, "./cmd/dedupe")
	build.Dir = c.root
	if out, err := build.CombinedOutput(); err != nil {
		return fmt.Errorf("go build ./cmd/dedupe in %s: %v\n%s", c.root, err, out)
	}
	story, err := os.ReadFile(filepath.Join(c.root, "testdata/seeds/000_0f95fddf84ee6d2d.txt"))
	if err != nil {
		return err
	}
	var rows []row
	for _, kind := range []struct {
		name, counts string
		near         bool
	}{{"copies", c.copies, false}, {"near", c.near, true}} {
		counts, err := parseList(kind.counts)
		if err != nil {
			return err
		}
		for _, n := range counts {
			path := filepath.Join(dir, fmt.Sprintf("%s-%d.jsonl", kind.name, n))
			if err := writeCopies(path, story, n, kind.near); err != nil {
				return err
			}
			r, err := measure(bin, []string{path}, false)
			if err != nil {
				return err
			}
			r.input, r.count = fmt.Sprintf("%s of the AP story: %d", kind.name, n), n
			rows = append(rows, r)
			logf("%s: %.2f s, %s", r.input, r.wall.Seconds(), fmtMB(r.maxRSS))
		}
	}
	if c.big != "" {
		size, err := parseSize(c.big)
		if err != nil {
			return err
		}
		a, b := filepath.Join(dir, "big-1.txt"), filepath.Join(dir, "big-2.txt")
		for i, p := range []string{a, b} {
			if err := writeBig(p, size, uint64(i+1)); err != nil {
				return err
			}
		}
		limit := "-max-doc-size=" + strconv.FormatInt(size+size/10, 10)
		for _, run := range []struct {
			name   string
			args   []string
			paths  []string
			refuse bool // every document is refused: exit status 2
		}{
			{"one document of " + c.big, []string{limit}, []string{a}, false},
			{"two documents of " + c.big, []string{limit}, []string{a, b}, false},
			{"two documents of " + c.big + ", default limit", nil, []string{a, b}, true},
		} {
			r, err := measure(bin, run.paths, run.refuse, run.args...)
			if err != nil {
				return err
			}
			r.input, r.args, r.docBytes, r.inputs = run.name, strings.Join(run.args, " "), size, int64(len(run.paths))
			rows = append(rows, r)
			logf("%s: %.2f s, %s", r.input, r.wall.Seconds(), fmtMB(r.maxRSS))
		}
	}
	report(w, rows)
	return nil
}

func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "heavy: "+format+"\n", args...)
}

// writeCopies writes n copies of story as JSON lines to path, unless path
// exists: exact copies, or with a header and a footer of their own.
func writeCopies(path string, story []byte, n int, near bool) error {
	if _, err := os.Stat(path); err == nil {
		return nil
	}
	f, err := os.Create(path + ".tmp")
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(f)
	enc := json.NewEncoder(bw)
	for i := range n {
		text := string(story)
		if near {
			text = fmt.Sprintf("Outlet %d News Service, report %d\n%s\nCopyright Outlet %d. All rights reserved.", i, i*7919%10007, story, i)
		}
		if err := enc.Encode(struct {
			ID   string `json:"id"`
			Text string `json:"text"`
		}{fmt.Sprintf("copy%06d", i), text}); err != nil {
			return err
		}
	}
	if err := errors.Join(bw.Flush(), f.Close()); err != nil {
		return err
	}
	return os.Rename(path+".tmp", path)
}

// writeBig writes to path, unless it exists, a text of size bytes: the
// texts of a generated news corpus of that seed, one after another.
func writeBig(path string, size int64, seed uint64) error {
	if _, err := os.Stat(path); err == nil {
		return nil
	}
	f, err := os.Create(path + ".tmp")
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(f, 1<<20)
	pr, pw := io.Pipe()
	go func() {
		_, err := synth.Write(pw, synth.Options{Seed: seed, TargetBytes: size + size/4})
		pw.CloseWithError(err)
	}()
	dec := json.NewDecoder(pr)
	written := int64(0)
	for written < size {
		var doc struct {
			Text string `json:"text"`
		}
		if err := dec.Decode(&doc); err != nil {
			pr.CloseWithError(err)
			return fmt.Errorf("generating %s: %v", path, err)
		}
		text := doc.Text[:min(len(doc.Text), int(size-written))]
		n, _ := bw.WriteString(text)
		m, _ := bw.WriteString("\n\n")
		written += int64(n + m)
	}
	pr.Close()
	if err := errors.Join(bw.Flush(), f.Close()); err != nil {
		return err
	}
	return os.Rename(path+".tmp", path)
}

// measure runs dedupe -format json on paths, its output to a file beside
// bin (held in memory, a large output would raise this process's peak RSS,
// which a child started later inherits on Linux), and reads its summary.
// With refuse set, exit status 2 (no document could be read) is expected.
func measure(bin string, paths []string, refuse bool, args ...string) (row, error) {
	out, err := os.Create(bin + ".out")
	if err != nil {
		return row{}, err
	}
	defer out.Close()
	var stderr bytes.Buffer
	cmd := exec.Command(bin, append(append([]string{"-format=json", "-progress=never"}, args...), paths...)...)
	cmd.Stdout, cmd.Stderr = out, &stderr
	start := time.Now()
	err = cmd.Run()
	wall := time.Since(start)
	if ee, ok := err.(*exec.ExitError); ok && (ee.ExitCode() == 1 || refuse && ee.ExitCode() == 2) {
		err = nil // no duplicates found, or the documents refused
	}
	if err != nil {
		return row{}, fmt.Errorf("dedupe %s: %v\n%s", strings.Join(cmd.Args[1:], " "), err, stderr.Bytes())
	}
	ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	r := row{wall: wall, cpu: time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), maxRSS: ru.Maxrss * 1024}
	// The summary is the last line.
	st, err := out.Stat()
	if err != nil {
		return r, err
	}
	tail := make([]byte, min(st.Size(), 4096))
	if _, err := out.ReadAt(tail, st.Size()-int64(len(tail))); err != nil {
		return r, err
	}
	tail = bytes.TrimRight(tail, "\n")
	last := tail[bytes.LastIndexByte(tail, '\n')+1:]
	var s struct {
		Documents  int `json:"documents"`
		Pairs      int `json:"pairs"`
		Unverified int `json:"unverified"`
		Warnings   int `json:"warnings"`
	}
	if err := json.Unmarshal(last, &s); err != nil {
		return r, fmt.Errorf("dedupe's summary: %v in %q", err, last)
	}
	r.docs, r.pairs, r.unverified, r.warnings = s.Documents, s.Pairs, s.Unverified, s.Warnings
	return r, nil
}

// report prints the rows as a Markdown table, then the targets.
func report(w io.Writer, rows []row) {
	fmt.Fprintln(w, "| input | flags | documents | pairs | unverified | warnings | wall s | CPU s | peak RSS |")
	fmt.Fprintln(w, "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
	for _, r := range rows {
		fmt.Fprintf(w, "| %s | %s | %d | %d | %d | %d | %.2f | %.2f | %s |\n", r.input, r.args, r.docs, r.pairs, r.unverified, r.warnings, r.wall.Seconds(), r.cpu.Seconds(), fmtMB(r.maxRSS))
	}
	fmt.Fprintln(w)
	const gb = 1 << 30
	var tenK *row
	for i := range rows {
		if r := &rows[i]; strings.HasPrefix(r.input, "copies") && r.count == 10_000 {
			tenK = r
			fmt.Fprintf(w, "- 10,000 copies: %.2f s (target <= 5 s), %s (target <= 1 GB): %s\n", r.wall.Seconds(), fmtMB(r.maxRSS), yes(r.wall <= 5*time.Second && r.maxRSS <= gb))
		}
	}
	for i := range rows {
		r := &rows[i]
		if tenK != nil && strings.HasPrefix(r.input, "copies") && r.count > 10_000 {
			per, per10 := r.cpu.Seconds()/float64(r.count), tenK.cpu.Seconds()/float64(tenK.count)
			fmt.Fprintf(w, "- %d copies: %.1f µs of CPU a copy against %.1f at 10,000 (target: linear, within 1.5 x): %s\n", r.count, per*1e6, per10*1e6, yes(per <= 1.5*per10))
		}
		if r.inputs == 2 && r.args != "" {
			fmt.Fprintf(w, "- %s: %.1f s (target <= 60 s), %s (target <= 4 GB): %s\n", r.input, r.wall.Seconds(), fmtMB(r.maxRSS), yes(r.wall <= time.Minute && r.maxRSS <= 4*gb))
		}
		if r.inputs > 0 && r.args == "" {
			fmt.Fprintf(w, "- %s: %d documents read, %d warnings (target: refused with a warning): %s\n", r.input, r.docs, r.warnings, yes(r.docs == 0 && r.warnings == int(r.inputs)))
		}
	}
}

func yes(ok bool) string {
	if ok {
		return "yes"
	}
	return "NO"
}

func fmtMB(b int64) string { return fmt.Sprintf("%.0f MB", float64(b)/1e6) }

// parseList parses comma-separated counts.
func parseList(s string) ([]int, error) {
	var out []int
	for f := range strings.SplitSeq(s, ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		n, err := strconv.Atoi(f)
		if err != nil || n < 1 {
			return nil, fmt.Errorf("bad count %q", f)
		}
		out = append(out, n)
	}
	return out, nil
}

// parseSize parses a size in bytes with an optional decimal unit: 250MB,
// 1GB, 500kB.
func parseSize(s string) (int64, error) {
	mult := int64(1)
	for _, u := range []struct {
		suffix string
		mult   int64
	}{{"GB", 1e9}, {"MB", 1e6}, {"kB", 1e3}, {"KB", 1e3}, {"B", 1}} {
		if strings.HasSuffix(s, u.suffix) {
			s, mult = strings.TrimSuffix(s, u.suffix), u.mult
			break
		}
	}
	n, err := strconv.ParseFloat(s, 64)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("bad size %q", s)
	}
	return int64(n * float64(mult)), nil
}
