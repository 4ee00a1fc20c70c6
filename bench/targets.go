package main

import (
	"fmt"
	"io"
)

// targets checks the measurements against the goals of issue 4.
type targets struct {
	reuters, synth []row
}

// linearSlack is how far the time per MB of a larger corpus may stray from
// the smallest corpus's and still count as linear growth.
const linearSlack = 0.20

func (ts *targets) write(md io.Writer) {
	var lines []string
	check := func(ok bool, format string, args ...any) {
		mark := "no"
		if ok {
			mark = "yes"
		}
		lines = append(lines, fmt.Sprintf("| "+format+" | %s |", append(args, mark)...))
	}
	find := func(rows []row, name string) *row {
		for i := range rows {
			if rows[i].tool.name == name {
				return &rows[i]
			}
		}
		return nil
	}
	near := find(ts.reuters, "dedupe -near-only")
	full := find(ts.reuters, "dedupe (full analysis)")
	peer := find(ts.reuters, "dgryski/go-minhash")
	if near != nil {
		w := near.m.wall.Seconds()
		check(w <= 0.5, "Reuters, dedupe -near-only: wall ≤ 0.5 s | %.2f s", w)
		if peer != nil {
			check(w <= 0.5*peer.m.wall.Seconds(), "Reuters, dedupe -near-only: ≤ 0.5 × go-minhash's wall | %.2f ×", w/peer.m.wall.Seconds())
		}
		check(near.score.recall() >= 0.99, "Reuters, dedupe -near-only: recall ≥ 0.99 of exact pairs | %.4f", near.score.recall())
		check(near.score.precision() == 1, "Reuters, dedupe -near-only: precision 1.0 | %.4f", near.score.precision())
	}
	if full != nil {
		w := full.m.wall.Seconds()
		check(w <= 1.5, "Reuters, dedupe full analysis: wall ≤ 1.5 s | %.2f s", w)
	}
	fullRows := []row{}
	for _, r := range ts.synth {
		if r.tool.name == "dedupe (full analysis)" {
			fullRows = append(fullRows, r)
		}
	}
	for _, r := range fullRows {
		if r.m.summary.Bytes < 9e8 {
			continue
		}
		check(r.m.wall.Seconds() <= 60, "%s, dedupe full analysis: wall ≤ 60 s | %.1f s", r.corpus, r.m.wall.Seconds())
		check(r.m.maxRSS <= 2e9, "%s, dedupe full analysis: peak RSS ≤ 2 GB | %s", r.corpus, fmtMB(r.m.maxRSS))
	}
	if len(fullRows) > 1 {
		per := func(r row) float64 { return r.m.wall.Seconds() / float64(r.m.summary.Bytes) }
		base := per(fullRows[0])
		for _, r := range fullRows[1:] {
			x := per(r) / base
			check(x <= 1+linearSlack, "%s vs %s, dedupe full analysis: time per MB within %.0f %% | %.2f ×",
				r.corpus, fullRows[0].corpus, linearSlack*100, x)
		}
	}
	if len(lines) == 0 {
		return
	}
	fmt.Fprintf(md, "\n### Targets (issue 4)\n\n| target | measured | met |\n|---|--:|:-:|\n")
	for _, l := range lines {
		fmt.Fprintln(md, l)
	}
}
