// Command beambench runs the command dedupe and the pipeline (dedupebeam,
// on Prism) on the same JSON lines file, one after the other, and prints
// each one's wall time and peak memory (the child's maximum resident set)
// and how far their pairs agree (F1, precision and recall of the
// pipeline's pairs against the command's).
//
//	cd beam && go build -o /tmp/dedupebeam ./cmd/dedupebeam &&
//	(cd .. && go build -o /tmp/dedupe ./cmd/dedupe) &&
//	go run ./cmd/beambench -dedupe /tmp/dedupe -dedupebeam /tmp/dedupebeam /tmp/corpora/synth-seed1-100MB.jsonl
//
// With -synth-bytes or -synth-stories instead of an input, it generates
// the corpus first (synth, seed 1; a smaller one is a prefix of a larger
// one). Extra arguments after the input are given to both commands
// (detection flags such as -near-only).
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"time"

	"github.com/newsreuse/dedupe/synth"
)

func main() {
	dd := flag.String("dedupe", "dedupe", "the command dedupe")
	db := flag.String("dedupebeam", "dedupebeam", "the command dedupebeam")
	synthBytes := flag.Int64("synth-bytes", 0, "generate a corpus of about this many bytes of JSON lines (synth, seed 1) instead of reading an input")
	synthStories := flag.Int("synth-stories", 0, "generate a corpus of this many wire stories (synth, seed 1) instead of reading an input")
	flag.Parse()
	dir, err := os.MkdirTemp("", "beambench")
	if err != nil {
		fail(err)
	}
	defer os.RemoveAll(dir)
	var in string
	var extra []string
	switch {
	case *synthBytes > 0 || *synthStories > 0:
		in, extra = filepath.Join(dir, "synth.jsonl"), flag.Args()
		f, err := os.Create(in)
		if err != nil {
			fail(err)
		}
		st, err := synth.Write(f, synth.Options{Seed: 1, TargetBytes: *synthBytes, Stories: *synthStories})
		if err = errors.Join(err, f.Close()); err != nil {
			fail(err)
		}
		fmt.Printf("generated: %d documents, %d bytes\n", st.Docs, st.Bytes)
	case flag.NArg() >= 1:
		in, extra = flag.Arg(0), flag.Args()[1:]
	default:
		fmt.Fprintln(os.Stderr, "usage: beambench [-dedupe cmd] [-dedupebeam cmd] {input.jsonl | -synth-bytes N | -synth-stories N} [flags for both]")
		os.Exit(2)
	}
	cliOut, beamOut := filepath.Join(dir, "cli.jsonl"), filepath.Join(dir, "beam.jsonl")

	f, err := os.Create(cliOut)
	if err != nil {
		fail(err)
	}
	args := append([]string{"-format", "json", "-progress", "never"}, extra...)
	cli := exec.Command(*dd, append(args, in)...)
	cli.Stdout, cli.Stderr = f, os.Stderr
	ct, cm := measure(cli)
	f.Close()

	bargs := append([]string{"--input", in, "--output", beamOut}, extra...)
	beam := exec.Command(*db, bargs...)
	beam.Stdout = os.Stdout
	bt, bm := measure(beam)

	want, got := pairs(cliOut), pairs(beamOut)
	both := 0
	for k := range got {
		if want[k] {
			both++
		}
	}
	p, r := float64(both)/float64(max(1, len(got))), float64(both)/float64(max(1, len(want)))
	fmt.Printf("dedupe:     %8.1f s  %6d MB peak  %d pairs\n", ct.Seconds(), cm>>20, len(want))
	fmt.Printf("dedupebeam: %8.1f s  %6d MB peak  %d pairs\n", bt.Seconds(), bm>>20, len(got))
	fmt.Printf("agreement:  F1 %.4f (precision %.4f, recall %.4f against dedupe)\n", 2*p*r/max(p+r, 1e-9), p, r)
}

// measure runs c and returns its wall time and peak resident memory in
// bytes.
func measure(c *exec.Cmd) (time.Duration, int64) {
	start := time.Now()
	if err := c.Run(); err != nil {
		fail(fmt.Errorf("%s: %w", c.Path, err))
	}
	d := time.Since(start)
	ru, _ := c.ProcessState.SysUsage().(*syscall.Rusage)
	if ru == nil {
		return d, 0
	}
	return d, ru.Maxrss << 10 // kilobytes on Linux
}

// pairs reads the unordered pairs of a JSON lines file.
func pairs(path string) map[[2]string]bool {
	f, err := os.Open(path)
	if err != nil {
		fail(err)
	}
	defer f.Close()
	m := map[[2]string]bool{}
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<26)
	for sc.Scan() {
		var l struct{ Type, A, B string }
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			fail(fmt.Errorf("%s: %w", path, err))
		}
		if l.Type == "pair" {
			m[[2]string{min(l.A, l.B), max(l.A, l.B)}] = true
		}
	}
	if err := sc.Err(); err != nil {
		fail(err)
	}
	return m
}

func fail(err error) {
	fmt.Fprintf(os.Stderr, "beambench: %v\n", err)
	os.Exit(1)
}
