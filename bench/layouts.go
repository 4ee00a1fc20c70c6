package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// Code layout. Where a hot loop falls relative to the CPU's 64-byte
// instruction fetch lines can change its speed by a fifth, and a Go
// binary's layout shifts with every change to any package linked before
// it. go-minhash's signing loop (MinWise.Push) is one: Go aligns
// functions to 32 bytes, and with Push at an address of 0 mod 64 its
// loop straddles two lines, at 32 mod 64 it fits in one. On Reuters the
// runner took 0.58–0.61 s in the first case and 0.50–0.51 s in the
// second (5 interleaved runs each); dedupe's own changes to the corpus
// package it shares had moved it from one to the other.
//
// So that no peer is measured at an unlucky layout, the kit builds each
// peer runner in several layouts, each compiling one standard package
// that is linked early and is not hot without inlining (which shifts
// everything after it), times them on Reuters and keeps each peer's
// fastest. dedupe is built as it is: the comparison gives the peers
// their best case.

// peerLayouts are the extra build flags of the layouts tried.
var peerLayouts = [][]string{
	nil,
	{"-gcflags=strconv=-l"},
	{"-gcflags=os=-l"},
	{"-gcflags=encoding/json=-l"},
	{"-gcflags=sort=-l"},
}

// A layoutChoice records the layouts tried for one peer and the one
// kept.
type layoutChoice struct {
	peer  string
	times []time.Duration // fastest run of each layout
	kept  int
}

// pickLayouts builds the peer runners in each layout, times each layout
// rounds times on path (interleaved), and returns the binaries with each
// peer's fastest layout.
func (c *config) pickLayouts(b binaries, dir, path string, rounds int) (binaries, []layoutChoice, error) {
	var choices []layoutChoice
	for _, p := range []struct {
		name string
		bin  *string
		pkg  string
	}{
		{"dgryski/go-minhash", &b.gominhash, "./cmd/gominhash"},
		{"ekzhu/minhash-lsh", &b.minhashlsh, "./cmd/minhashlsh"},
	} {
		bins := make([]string, len(peerLayouts))
		for i, flags := range peerLayouts {
			bins[i] = fmt.Sprintf("%s.layout%d", *p.bin, i)
			if err := goBuild(".", bins[i], p.pkg, flags...); err != nil {
				return b, nil, err
			}
		}
		ch := layoutChoice{peer: p.name, times: make([]time.Duration, len(bins))}
		for round := range rounds {
			for i, bin := range bins {
				t := tool{name: p.name, bin: bin, args: []string{"-verify", "exact"}}
				m, err := run(t, []string{path}, filepath.Join(dir, "layout.jsonl"))
				if err != nil {
					return b, nil, err
				}
				if round == 0 || m.wall < ch.times[i] {
					ch.times[i] = m.wall
				}
			}
		}
		ch.kept = slices.Index(ch.times, slices.Min(ch.times))
		*p.bin = bins[ch.kept]
		logf("%s: layouts %s: keeping layout %d", p.name, fmtTimes(ch.times), ch.kept)
		choices = append(choices, ch)
	}
	return b, choices, nil
}

// writeLayouts reports the layouts chosen.
func writeLayouts(w io.Writer, choices []layoutChoice) {
	if len(choices) == 0 {
		return
	}
	fmt.Fprintf(w, "\nPeer runners are built in %d code layouts and each peer runs in its fastest on Reuters (best of the calibration runs; see `layouts.go`):", len(peerLayouts))
	for _, ch := range choices {
		flags := "default flags"
		if f := peerLayouts[ch.kept]; len(f) > 0 {
			flags = "`" + strings.Join(f, " ") + "`"
		}
		fmt.Fprintf(w, " %s layout %d (%s), %s;", ch.peer, ch.kept, flags, fmtTimes(ch.times))
	}
	fmt.Fprintln(w)
}

func fmtTimes(ts []time.Duration) string {
	s := make([]string, len(ts))
	for i, t := range ts {
		s[i] = fmt.Sprintf("%.2f", t.Seconds())
	}
	return strings.Join(s, ", ") + " s"
}

// layoutsEnabled reports whether the kit picks layouts: it needs Reuters,
// and -layouts.
func (c *config) layoutsEnabled() bool {
	_, err := os.Stat(c.reuters)
	return c.layoutRounds > 0 && c.reuters != "" && err == nil
}
