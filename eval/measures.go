package eval

import (
	"cmp"
	"math"
	"slices"
)

// An Annotation is a plagiarism case or a detection as PAN defines it:
// susp[SuspOff:SuspOff+SuspLen] is reused from src[SrcOff:SrcOff+SrcLen],
// offsets and lengths in code points, intervals half-open.
//
// An annotation with Src == "" is intrinsic (it has no source side; set
// SrcOff and SrcLen to 0): it is then matched on the suspicious side only,
// as in the official code.
type Annotation struct {
	Susp             string
	SuspOff, SuspLen int
	Src              string
	SrcOff, SrcLen   int
}

func (a Annotation) external() bool { return a.Src != "" }

// overlapping reports whether b detects a (the official is_overlapping,
// which is symmetric): same suspicious document and overlapping suspicious
// intervals, and when both are external also the same source document and
// overlapping source intervals.
func overlapping(a, b Annotation) bool {
	if a.Susp != b.Susp || !intervalsOverlap(a.SuspOff, a.SuspLen, b.SuspOff, b.SuspLen) {
		return false
	}
	if a.external() && b.external() {
		return a.Src == b.Src && intervalsOverlap(a.SrcOff, a.SrcLen, b.SrcOff, b.SrcLen)
	}
	return true
}

func intervalsOverlap(aoff, alen, boff, blen int) bool {
	return boff+blen > aoff && boff < aoff+alen
}

// interval is a half-open range [lo, hi).
type interval struct{ lo, hi int }

// clip returns [boff, boff+blen) ∩ [aoff, aoff+alen), empty when they do
// not meet.
func clip(aoff, alen, boff, blen int) (interval, bool) {
	lo, hi := max(aoff, boff), min(aoff+alen, boff+blen)
	return interval{lo, hi}, hi > lo
}

// unionSize returns the number of positions covered by the intervals; it
// sorts ivs in place.
func unionSize(ivs []interval) int {
	if len(ivs) == 0 {
		return 0
	}
	slices.SortFunc(ivs, func(x, y interval) int { return cmp.Compare(x.lo, y.lo) })
	total, cur := 0, ivs[0]
	for _, iv := range ivs[1:] {
		if iv.lo <= cur.hi {
			cur.hi = max(cur.hi, iv.hi)
			continue
		}
		total += cur.hi - cur.lo
		cur = iv
	}
	return total + cur.hi - cur.lo
}

// annIndex finds the annotations that may overlap a given one without a
// scan over the whole corpus.
type annIndex struct {
	anns   []Annotation
	bySusp map[string][]int
	byPair map[[2]string][]int
}

func newAnnIndex(anns []Annotation) *annIndex {
	ix := &annIndex{anns: anns, bySusp: map[string][]int{}, byPair: map[[2]string][]int{}}
	for i, a := range anns {
		ix.bySusp[a.Susp] = append(ix.bySusp[a.Susp], i)
		k := [2]string{a.Susp, a.Src}
		ix.byPair[k] = append(ix.byPair[k], i)
	}
	return ix
}

// overlapping calls fn for every indexed annotation that overlaps a.
func (ix *annIndex) overlapping(a Annotation, fn func(b Annotation)) {
	visit := func(idx []int) {
		for _, i := range idx {
			if b := ix.anns[i]; overlapping(a, b) {
				fn(b)
			}
		}
	}
	if !a.external() {
		visit(ix.bySusp[a.Susp])
		return
	}
	visit(ix.byPair[[2]string{a.Susp, a.Src}])
	visit(ix.byPair[[2]string{a.Susp, ""}]) // intrinsic annotations
}

// caseRecall is the official case_recall: the share of the characters of
// c, on both sides, covered by the union of the indexed annotations that
// overlap c. An annotation without characters scores 0 (the official code
// divides by zero).
func (ix *annIndex) caseRecall(c Annotation, buf *[2][]interval) float64 {
	total := c.SuspLen + c.SrcLen
	if total <= 0 {
		return 0
	}
	susp, src := (*buf)[0][:0], (*buf)[1][:0]
	ix.overlapping(c, func(d Annotation) {
		if iv, ok := clip(c.SuspOff, c.SuspLen, d.SuspOff, d.SuspLen); ok {
			susp = append(susp, iv)
		}
		if iv, ok := clip(c.SrcOff, c.SrcLen, d.SrcOff, d.SrcLen); ok {
			src = append(src, iv)
		}
	})
	*buf = [2][]interval{susp, src}
	return float64(unionSize(susp)+unionSize(src)) / float64(total)
}

// macroRecall is the official macro_avg_recall on deduplicated inputs.
func macroRecall(cases []Annotation, dets *annIndex) float64 {
	if len(cases) == 0 && len(dets.anns) == 0 {
		return 1
	}
	if len(cases) == 0 || len(dets.anns) == 0 {
		return 0
	}
	var buf [2][]interval
	sum := 0.0
	for _, c := range cases {
		sum += dets.caseRecall(c, &buf)
	}
	return sum / float64(len(cases))
}

// granularity is the official granularity on deduplicated inputs; it also
// returns the number of detected cases.
func granularity(cases []Annotation, dets *annIndex) (float64, int) {
	if len(dets.anns) == 0 {
		return 1, 0
	}
	detected, sum := 0, 0
	for _, c := range cases {
		n := 0
		dets.overlapping(c, func(Annotation) { n++ })
		if n > 0 {
			detected++
			sum += n
		}
	}
	if detected == 0 {
		return 1, 0
	}
	return float64(sum) / float64(detected), detected
}

// caseLevelFound counts the cases for which a single overlapping detection
// covers at least tau of the case on the suspicious side and at least tau
// on the source side.
func caseLevelFound(cases []Annotation, dets *annIndex, tau float64) int {
	found := 0
	for _, c := range cases {
		ok := false
		dets.overlapping(c, func(d Annotation) {
			if ok {
				return
			}
			s, _ := clip(c.SuspOff, c.SuspLen, d.SuspOff, d.SuspLen)
			r, _ := clip(c.SrcOff, c.SrcLen, d.SrcOff, d.SrcLen)
			ok = float64(max(0, s.hi-s.lo)) >= tau*float64(c.SuspLen) &&
				float64(max(0, r.hi-r.lo)) >= tau*float64(c.SrcLen)
		})
		if ok {
			found++
		}
	}
	return found
}

// dedupe returns the distinct annotations in first-seen order (the official
// code collects annotations in a set).
func dedupe(anns []Annotation) []Annotation {
	seen := make(map[Annotation]struct{}, len(anns))
	out := make([]Annotation, 0, len(anns))
	for _, a := range anns {
		if _, dup := seen[a]; !dup {
			seen[a] = struct{}{}
			out = append(out, a)
		}
	}
	return out
}

// MacroRecall is PAN's macro-averaged recall: the mean over the distinct
// cases of the share of each case's characters (suspicious plus source side)
// covered by the union of the detections that overlap it. It is 1 when
// there are neither cases nor detections and 0 when only one of them is
// empty.
func MacroRecall(cases, dets []Annotation) float64 {
	return macroRecall(dedupe(cases), newAnnIndex(dedupe(dets)))
}

// MacroPrecision is PAN's macro-averaged precision, MacroRecall with the
// roles swapped: the mean over the distinct detections of the share of each
// detection's characters covered by the cases it overlaps.
func MacroPrecision(cases, dets []Annotation) float64 {
	return MacroRecall(dets, cases)
}

// Granularity is PAN's granularity: the mean number of distinct detections
// overlapping each detected case; 1 when nothing is detected.
func Granularity(cases, dets []Annotation) float64 {
	g, _ := granularity(dedupe(cases), newAnnIndex(dedupe(dets)))
	return g
}

// PlagDet is PAN's plagdet score F1(prec, rec) / log2(1 + gran). It is 0
// when prec = rec = 0 or an input is invalid (negative, NaN, gran < 1).
func PlagDet(prec, rec, gran float64) float64 {
	if math.IsNaN(prec) || math.IsNaN(rec) || math.IsNaN(gran) ||
		prec < 0 || rec < 0 || gran < 1 || (prec == 0 && rec == 0) {
		return 0
	}
	return (2 * prec * rec / (prec + rec)) / math.Log2(1+gran)
}

// CaseLevelRecall is the share of distinct cases found by a single
// detection: one that overlaps the case and covers at least tau (0.5 in
// PAN's case-level measure) of its characters in the suspicious document
// and at least tau in the source document. Same edge cases as MacroRecall.
func CaseLevelRecall(cases, dets []Annotation, tau float64) float64 {
	cs, ds := dedupe(cases), dedupe(dets)
	if len(cs) == 0 && len(ds) == 0 {
		return 1
	}
	if len(cs) == 0 || len(ds) == 0 {
		return 0
	}
	return float64(caseLevelFound(cs, newAnnIndex(ds), tau)) / float64(len(cs))
}

// caseLevelTau is the threshold of the case-level recall in PAN reports.
const caseLevelTau = 0.5

// panScores computes all PAN measures for cases and detections.
func panScores(cases, dets []Annotation) PANScores {
	cs, ds := dedupe(cases), dedupe(dets)
	cix, dix := newAnnIndex(cs), newAnnIndex(ds)
	s := PANScores{
		Recall:     macroRecall(cs, dix),
		Precision:  macroRecall(ds, cix),
		Cases:      len(cs),
		Detections: len(ds),
	}
	s.Granularity, s.CasesDetected = granularity(cs, dix)
	s.PlagDet = PlagDet(s.Precision, s.Recall, s.Granularity)
	switch {
	case len(cs) == 0 && len(ds) == 0:
		s.CaseRecall = 1
	case len(cs) == 0 || len(ds) == 0:
	default:
		s.CasesFound = caseLevelFound(cs, dix, caseLevelTau)
		s.CaseRecall = float64(s.CasesFound) / float64(len(cs))
	}
	return s
}
