package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/newsreuse/dedupe"
	"github.com/newsreuse/dedupe/report"
)

// A reportWriter writes the findings of a run.
type reportWriter interface {
	write(pairs []dedupe.Pair, clusters []dedupe.Cluster, st stats) error
}

// jsonReport writes JSON lines: a "pair" object per pair, a "cluster"
// object per cluster (the records of package report), and a "summary"
// object last.
type jsonReport struct{ w io.Writer }

func (r *jsonReport) write(pairs []dedupe.Pair, clusters []dedupe.Cluster, st stats) error {
	bw := bufio.NewWriter(r.w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	for _, p := range pairs {
		if err := enc.Encode(report.NewPair(p)); err != nil {
			return err
		}
	}
	for _, c := range clusters {
		if err := enc.Encode(report.NewCluster(c)); err != nil {
			return err
		}
	}
	if err := enc.Encode(report.Summary{Type: "summary", Documents: st.docs, Words: st.words, Bytes: st.bytes, Pairs: len(pairs), Unverified: st.unverified, Clusters: len(clusters), Warnings: st.warnings, Skipped: st.skipped}); err != nil {
		return err
	}
	return bw.Flush()
}

// textReport writes a report for a person: each cluster with its source,
// members and the passages they share, then the totals. A cluster of more
// than bigCluster members (a story reprinted everywhere, a page crawled a
// thousand times) is summed up: its size, how many members are
// near-duplicates and how many share passages, and a few of its pairs.
type textReport struct{ w io.Writer }

const (
	// bigCluster is the most members a cluster of the text report lists
	// in full.
	bigCluster = 12
	// examplePairs is how many pairs the text report shows of a big
	// cluster, and of the pairs across clusters beyond maxLoose.
	examplePairs = 5
	maxLoose     = 100
)

func (r *textReport) write(pairs []dedupe.Pair, clusters []dedupe.Cluster, st stats) error {
	bw := bufio.NewWriter(r.w)
	inCluster := map[string]string{}
	for _, c := range clusters {
		for _, m := range c.Members {
			inCluster[m] = c.ID
		}
	}
	byCluster := map[string][]int{} // indexes into pairs
	var loose []int
	for i, p := range pairs {
		if c := inCluster[p.A]; c != "" && c == inCluster[p.B] {
			byCluster[c] = append(byCluster[c], i)
		} else {
			loose = append(loose, i)
		}
	}
	for _, c := range clusters {
		if len(c.Members) > bigCluster {
			writeBigCluster(bw, c, pairs, byCluster[c.ID], st.excerpts)
			continue
		}
		fmt.Fprintf(bw, "cluster %s: %d documents, source %s\n", c.ID, len(c.Members), textID(c.Source))
		for _, m := range c.Members {
			mark := ""
			if m == c.Source {
				mark = "  (source)"
			}
			fmt.Fprintf(bw, "  %s%s\n", textID(m), mark)
		}
		for _, i := range byCluster[c.ID] {
			writePair(bw, pairs[i], excerptsOf(st.excerpts, i))
		}
		fmt.Fprintln(bw)
	}
	if len(loose) > 0 {
		fmt.Fprintln(bw, "pairs across clusters:")
		shown := loose
		if len(loose) > maxLoose {
			shown = loose[:examplePairs]
		}
		for _, i := range shown {
			writePair(bw, pairs[i], excerptsOf(st.excerpts, i))
		}
		if len(shown) < len(loose) {
			fmt.Fprintf(bw, "  … and %d more (-format json lists every pair)\n", len(loose)-len(shown))
		}
		fmt.Fprintln(bw)
	}
	fmt.Fprintf(bw, "%s and %s among %s (%s)", plural(len(clusters), "cluster"), plural(len(pairs), "pair"), plural(st.docs, "document"), plural(st.words, "word"))
	if st.unverified > 0 {
		fmt.Fprintf(bw, "; %d more pairs of copies left unverified", st.unverified)
	}
	if st.skipped > 0 {
		fmt.Fprintf(bw, "; %s already in the index, skipped", plural(st.skipped, "document"))
	}
	if st.warnings > 0 {
		fmt.Fprintf(bw, "; %s", plural(st.warnings, "warning"))
	}
	fmt.Fprintln(bw)
	return bw.Flush()
}

// writeBigCluster sums up cluster c, whose pairs are pairs[at[0]],
// pairs[at[1]], ...: its size and source, how many members are
// near-duplicates of another and how many only share passages, and a few
// pairs, those sharing passages first (they show what was reused).
func writeBigCluster(w io.Writer, c dedupe.Cluster, pairs []dedupe.Pair, at []int, excerpts [][]string) {
	near := map[string]bool{}
	for _, i := range at {
		if p := pairs[i]; p.Match.NearDuplicate {
			near[p.A], near[p.B] = true, true
		}
	}
	fmt.Fprintf(w, "cluster %s: %d documents, source %s\n", c.ID, len(c.Members), textID(c.Source))
	fmt.Fprintf(w, "  %d near-duplicates of another member, %d sharing passages only; %s verified\n",
		len(near), len(c.Members)-len(near), plural(len(at), "pair"))
	shown := make([]int, 0, examplePairs)
	for _, nearDup := range []bool{false, true} {
		for _, i := range at {
			if len(shown) < examplePairs && pairs[i].Match.NearDuplicate == nearDup {
				shown = append(shown, i)
			}
		}
	}
	slices.Sort(shown)
	for _, i := range shown {
		writePair(w, pairs[i], excerptsOf(excerpts, i))
	}
	if len(at) > len(shown) {
		fmt.Fprintf(w, "  … and %d more pairs (-format json lists every member and pair)\n", len(at)-len(shown))
	}
	fmt.Fprintln(w)
}

// writePair writes one pair with an excerpt of each passage, taken from
// the later document.
func writePair(w io.Writer, p dedupe.Pair, excerpts []string) {
	kind := "shares passages with"
	if p.Match.NearDuplicate {
		kind = "near-duplicate of"
	}
	a, b := textID(p.A), textID(p.B)
	fmt.Fprintf(w, "  %s %s %s (Jaccard %.2f)\n", b, kind, a, p.Match.Jaccard)
	for i, ps := range p.Match.Passages {
		fmt.Fprintf(w, "    %d words: %s bytes %d-%d = %s bytes %d-%d\n", ps.Words, a, ps.OtherStart, ps.OtherEnd, b, ps.Start, ps.End)
		if i < len(excerpts) { // none for a pair of an earlier run (-index)
			fmt.Fprintf(w, "      %q\n", excerpts[i])
		}
	}
}

// excerpt returns the first and last n words of b with white space
// collapsed, joined by an ellipsis when words are left out.
func excerpt(b []byte, n int) string {
	if !utf8.Valid(b) {
		b = []byte(strings.ToValidUTF8(string(b), "\uFFFD"))
	}
	words := strings.Fields(string(b))
	if len(words) <= 2*n {
		return strings.Join(words, " ")
	}
	return strings.Join(words[:n], " ") + " … " + strings.Join(words[len(words)-n:], " ")
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

// excerptsOf returns the excerpts of pair i, nil if it has none (a pair
// of an earlier run, reported from an -index).
func excerptsOf(excerpts [][]string, i int) []string {
	if i < len(excerpts) {
		return excerpts[i]
	}
	return nil
}
