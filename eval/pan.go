package eval

import (
	"bufio"
	"cmp"
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"
	"text/tabwriter"
)

// A Passage is a detected reused passage: susp[SuspStart:SuspEnd] was taken
// from src[SrcStart:SrcEnd]; byte offsets into the UTF-8 texts, half-open.
type Passage struct{ SuspStart, SuspEnd, SrcStart, SrcEnd int }

// An AlignFunc returns the passages of susp reused from src. It must be
// safe for concurrent use.
type AlignFunc func(susp, src string) []Passage

// PANOptions tunes a PAN13 run.
type PANOptions struct {
	// Detections, if not nil, receives the evaluated detections as TSV:
	// a header line, then one line per passage in pairs.tsv order, then by
	// offsets: susp, src, this_byte_offset, this_byte_length,
	// source_byte_offset, source_byte_length.
	Detections io.Writer
	// Workers is the number of pairs aligned at once; 0 means GOMAXPROCS.
	Workers int
	// Limit > 0 evaluates only the first Limit pairs (in pairs.tsv order)
	// of each category, for quick runs; 0 evaluates all pairs.
	Limit int
}

// PANScores are the PAN measures over a set of pairs. Recall, Precision,
// Granularity and PlagDet are the official character-level measures (see
// MacroRecall, MacroPrecision, Granularity, PlagDet), with the official
// conventions when there are no cases (as in 01-no-plagiarism): no
// detections gives recall = precision = PlagDet = 1, any detection gives 0.
type PANScores struct {
	Precision, Recall, Granularity, PlagDet float64
	// CaseRecall is the case-level recall: the share of cases that a single
	// detection covers for at least 50 % on both sides (CaseLevelRecall).
	CaseRecall float64
	// Cases and Detections are the distinct gold cases and detections.
	Cases, Detections int
	// CasesDetected counts the cases overlapped by a detection, CasesFound
	// those counted by CaseRecall.
	CasesDetected, CasesFound int
	// Pairs and PairsWithDetections count document pairs.
	Pairs, PairsWithDetections int
}

// PANReport is the result of PAN13.
type PANReport struct {
	// Overall pools all evaluated pairs, the negative ones included.
	Overall PANScores
	// ByClass holds the scores of each category's pairs alone, keyed by
	// category (e.g. "02-no-obfuscation"); Classes lists its keys sorted.
	ByClass map[string]PANScores
	Classes []string
	// Pair-level detection: a pair is detected when it has at least one
	// valid detection; positives are the pairs outside 01-no-plagiarism.
	// PairPrecision is 0 when no pair is detected, PairRecall is 0 when
	// there are no positive pairs.
	PairPrecision, PairRecall                  float64
	PositivePairsWithDetections, PositivePairs int
	NegativePairsWithDetections, NegativePairs int
	// InvalidPassages counts the passages returned by the aligner that
	// were dropped before scoring: an empty or inverted side, or offsets
	// outside the texts. Exact duplicates are merged, not counted.
	InvalidPassages int
}

// pairResult is what the aligner found in one pair.
type pairResult struct {
	passages []Passage // valid, sorted, distinct
	anns     []Annotation
	invalid  int
}

// PAN13 evaluates align on the PAN13 text-alignment corpus in dir (the
// folder holding pairs.tsv, truth.tsv, susp.jsonl.gz and src.jsonl.gz).
// Each pair is aligned once; the passages' byte offsets are converted to
// code points (a start inside a multi-byte character is rounded down, an
// end rounded up) and scored against the gold cases with the official PAN
// measures, overall and per category (each category with its own pairs'
// detections only).
func PAN13(dir string, align AlignFunc, opts PANOptions) (*PANReport, error) {
	if align == nil {
		return nil, fmt.Errorf("eval: PAN13: nil AlignFunc")
	}
	if opts.Workers < 0 || opts.Limit < 0 {
		return nil, fmt.Errorf("eval: PAN13: negative Workers (%d) or Limit (%d)", opts.Workers, opts.Limit)
	}
	c, err := loadPAN(dir, opts.Limit)
	if err != nil {
		return nil, err
	}
	results := make([]pairResult, len(c.pairs))
	err = parallelFor(len(c.pairs), opts.Workers, func(i int) error {
		p := c.pairs[i]
		susp, src := c.susp[p.Susp], c.src[p.Src]
		var r pairResult
		r.passages, r.invalid = cleanPassages(align(susp, src), len(susp), len(src))
		r.anns = passagesToAnnotations(r.passages, p.Susp, susp, p.Src, src)
		results[i] = r
		return nil
	})
	if err != nil {
		var pe *panicError
		if errors.As(err, &pe) {
			p := c.pairs[pe.i]
			return nil, fmt.Errorf("eval: PAN13: pair %s %s (pairs.tsv line %d): %w", p.Susp, p.Src, p.line, err)
		}
		return nil, fmt.Errorf("eval: PAN13: %w", err)
	}
	if opts.Detections != nil {
		if err := writeDetections(opts.Detections, c.pairs, results); err != nil {
			return nil, err
		}
	}
	return panReport(c, results), nil
}

// panReport scores the aligner's results.
func panReport(c *panCorpus, results []pairResult) *PANReport {
	type group struct {
		cases, dets              []Annotation
		pairs, pairsWithDetected int
	}
	all := &group{}
	byClass := map[string]*group{}
	rep := &PANReport{ByClass: map[string]PANScores{}}
	for i, p := range c.pairs {
		g := byClass[p.Category]
		if g == nil {
			g = &group{}
			byClass[p.Category] = g
		}
		detected := len(results[i].anns) > 0
		for _, x := range []*group{all, g} {
			for _, k := range c.cases[i] {
				x.cases = append(x.cases, k.Annotation)
			}
			x.dets = append(x.dets, results[i].anns...)
			x.pairs++
			if detected {
				x.pairsWithDetected++
			}
		}
		rep.InvalidPassages += results[i].invalid
		if p.Category == panNegative {
			rep.NegativePairs++
			if detected {
				rep.NegativePairsWithDetections++
			}
		} else {
			rep.PositivePairs++
			if detected {
				rep.PositivePairsWithDetections++
			}
		}
	}
	finish := func(g *group) PANScores {
		s := panScores(g.cases, g.dets)
		s.Pairs, s.PairsWithDetections = g.pairs, g.pairsWithDetected
		return s
	}
	rep.Overall = finish(all)
	for name, g := range byClass {
		rep.ByClass[name] = finish(g)
		rep.Classes = append(rep.Classes, name)
	}
	sort.Strings(rep.Classes)
	if d := rep.PositivePairsWithDetections + rep.NegativePairsWithDetections; d > 0 {
		rep.PairPrecision = float64(rep.PositivePairsWithDetections) / float64(d)
	}
	if rep.PositivePairs > 0 {
		rep.PairRecall = float64(rep.PositivePairsWithDetections) / float64(rep.PositivePairs)
	}
	return rep
}

// cleanPassages returns the valid passages (both sides non-empty and inside
// the texts) sorted and without duplicates, and the number of invalid ones.
// ps is not modified.
func cleanPassages(ps []Passage, suspLen, srcLen int) ([]Passage, int) {
	out := make([]Passage, 0, len(ps))
	invalid := 0
	for _, p := range ps {
		if p.SuspStart < 0 || p.SuspStart >= p.SuspEnd || p.SuspEnd > suspLen ||
			p.SrcStart < 0 || p.SrcStart >= p.SrcEnd || p.SrcEnd > srcLen {
			invalid++
			continue
		}
		out = append(out, p)
	}
	slices.SortFunc(out, comparePassages)
	return slices.Compact(out), invalid
}

func comparePassages(a, b Passage) int {
	return cmp.Or(cmp.Compare(a.SuspStart, b.SuspStart), cmp.Compare(a.SuspEnd, b.SuspEnd),
		cmp.Compare(a.SrcStart, b.SrcStart), cmp.Compare(a.SrcEnd, b.SrcEnd))
}

// passagesToAnnotations converts valid passages to code-point annotations.
func passagesToAnnotations(ps []Passage, suspID, susp, srcID, src string) []Annotation {
	if len(ps) == 0 {
		return nil
	}
	so := make([]int, 0, 2*len(ps))
	ro := make([]int, 0, 2*len(ps))
	for _, p := range ps {
		so = append(so, p.SuspStart, p.SuspEnd)
		ro = append(ro, p.SrcStart, p.SrcEnd)
	}
	sm, rm := newCPMap(susp, so), newCPMap(src, ro)
	anns := make([]Annotation, len(ps))
	for i, p := range ps {
		s0, s1 := sm.start(p.SuspStart), sm.end(p.SuspEnd)
		r0, r1 := rm.start(p.SrcStart), rm.end(p.SrcEnd)
		anns[i] = Annotation{Susp: suspID, SuspOff: s0, SuspLen: s1 - s0, Src: srcID, SrcOff: r0, SrcLen: r1 - r0}
	}
	return anns
}

// cpMap converts a fixed set of byte offsets of a text to code-point
// offsets with one pass over the text.
type cpMap struct {
	s    string
	offs []int // sorted, distinct byte offsets
	cps  []int // cps[i] = number of characters starting before offs[i]
}

func newCPMap(s string, offs []int) cpMap {
	offs = slices.Clone(offs)
	slices.Sort(offs)
	offs = slices.Compact(offs)
	m := cpMap{s: s, offs: offs, cps: make([]int, len(offs))}
	n, pos := 0, 0
	for i, off := range offs {
		off = min(max(off, 0), len(s))
		for ; pos < off; pos++ {
			if !isContinuation(s[pos]) {
				n++
			}
		}
		m.cps[i] = n
	}
	return m
}

func isContinuation(b byte) bool { return b&0xC0 == 0x80 }

func (m cpMap) count(off int) int {
	i, _ := slices.BinarySearch(m.offs, off)
	if i >= len(m.cps) {
		return 0 // not a registered offset; cannot happen
	}
	return m.cps[i]
}

// start is the code-point offset of the character containing byte off.
func (m cpMap) start(off int) int {
	n := m.count(off)
	if off >= 0 && off < len(m.s) && isContinuation(m.s[off]) && n > 0 {
		n--
	}
	return n
}

// end is the code-point offset just after the character containing byte
// off-1.
func (m cpMap) end(off int) int { return m.count(off) }

// writeDetections writes the detections TSV.
func writeDetections(w io.Writer, pairs []panPair, results []pairResult) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, "susp\tsrc\tthis_byte_offset\tthis_byte_length\tsource_byte_offset\tsource_byte_length")
	for i, p := range pairs {
		for _, d := range results[i].passages {
			fmt.Fprintf(bw, "%s\t%s\t%d\t%d\t%d\t%d\n", p.Susp, p.Src,
				d.SuspStart, d.SuspEnd-d.SuspStart, d.SrcStart, d.SrcEnd-d.SrcStart)
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("eval: writing detections: %w", err)
	}
	return nil
}

// WriteText writes the report as an aligned table. Classes without cases
// (01-no-plagiarism) show "-" where the official measures are undefined;
// read their detection and pair counts instead.
func (r *PANReport) WriteText(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "class\tpairs\twith-dets\tcases\tdets\tplagdet\trecall\tprecision\tgranularity\tcase-recall")
	row := func(name string, s PANScores) {
		f := func(v float64) string { return fmt.Sprintf("%.5f", v) }
		plagdet, rec, prec, gran, crec := f(s.PlagDet), f(s.Recall), f(s.Precision), f(s.Granularity), f(s.CaseRecall)
		if s.Cases == 0 {
			plagdet, rec, gran, crec = "-", "-", "-", "-"
			if s.Detections == 0 {
				prec = "-"
			}
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%s\t%s\t%s\t%s\t%s\n", name, s.Pairs, s.PairsWithDetections,
			s.Cases, s.Detections, plagdet, rec, prec, gran, crec)
	}
	for _, name := range r.Classes {
		row(name, r.ByClass[name])
	}
	row("overall", r.Overall)
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("eval: %w", err)
	}
	_, err := fmt.Fprintf(w, "pairs: precision %.5f, recall %.5f (positive pairs detected %d/%d, negative pairs detected %d/%d)\n",
		r.PairPrecision, r.PairRecall, r.PositivePairsWithDetections, r.PositivePairs,
		r.NegativePairsWithDetections, r.NegativePairs)
	if err == nil && r.InvalidPassages > 0 {
		_, err = fmt.Fprintf(w, "invalid passages dropped: %d\n", r.InvalidPassages)
	}
	if err != nil {
		return fmt.Errorf("eval: %w", err)
	}
	return nil
}
