package main

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"syscall"
	"time"
)

// A tool is one command the kit times: a binary and its arguments before
// the corpus path.
type tool struct {
	name    string
	bin     string
	args    []string
	noPairs bool // reports no pairs: not scored
}

// A measurement is one run of a tool on a corpus, as a separate process.
type measurement struct {
	wall    time.Duration
	cpu     time.Duration // user + system
	maxRSS  int64         // bytes
	out     string        // file holding the tool's stdout
	runs    int           // runs summarized (by pick)
	lo, hi  time.Duration // least and greatest wall time of those runs
	summary summary
}

// summary is the last record of a tool's JSON lines output.
type summary struct {
	Documents int   `json:"documents"`
	Bytes     int64 `json:"bytes"`
	Pairs     int   `json:"pairs"`
}

// run runs t on paths with stdout to the file out and returns what it
// measured. Exit status 1 (dedupe's "no duplicates found") is not an error.
func run(t tool, paths []string, out string) (measurement, error) {
	f, err := os.Create(out)
	if err != nil {
		return measurement{}, err
	}
	defer f.Close()
	var stderr bytes.Buffer
	cmd := exec.Command(t.bin, append(slices.Clone(t.args), paths...)...)
	cmd.Stdout = f
	cmd.Stderr = &stderr
	start := time.Now()
	err = cmd.Run()
	wall := time.Since(start)
	if ee, ok := err.(*exec.ExitError); ok && ee.ExitCode() == 1 {
		err = nil
	}
	if err != nil {
		return measurement{}, fmt.Errorf("%s: %v\n%s", t.name, err, stderr.Bytes())
	}
	ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	m := measurement{
		wall:   wall,
		cpu:    time.Duration(ru.Utime.Nano() + ru.Stime.Nano()),
		maxRSS: ru.Maxrss * 1024, // kilobytes on Linux
		out:    out,
	}
	m.summary, err = readSummary(out)
	return m, err
}

// readSummary returns the summary record of a JSON lines output.
func readSummary(path string) (summary, error) {
	var s summary
	found := false
	err := eachRecord(path, func(typ string, line []byte) error {
		if typ != "summary" {
			return nil
		}
		found = true
		return json.Unmarshal(line, &s)
	})
	if err == nil && !found {
		err = fmt.Errorf("%s: no summary record", path)
	}
	return s, err
}

// eachRecord calls fn with the "type" and the bytes of each JSON line of
// the file at path.
func eachRecord(path string, fn func(typ string, line []byte) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 64<<20)
	for sc.Scan() {
		var rec struct {
			Type string `json:"type"`
		}
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			return fmt.Errorf("%s: %v", path, err)
		}
		if err := fn(rec.Type, sc.Bytes()); err != nil {
			return err
		}
	}
	return sc.Err()
}

// pick returns the run of median wall time (stat "median") or of least
// wall time (stat "min") among ms, with the largest peak RSS of them all.
func pick(ms []measurement, stat string) measurement {
	ms = slices.Clone(ms)
	slices.SortFunc(ms, func(a, b measurement) int { return cmp.Compare(a.wall, b.wall) })
	m := ms[len(ms)/2]
	if stat == "min" {
		m = ms[0]
	}
	for _, x := range ms {
		m.maxRSS = max(m.maxRSS, x.maxRSS)
	}
	m.runs, m.lo, m.hi = len(ms), ms[0].wall, ms[len(ms)-1].wall
	return m
}
