package eval

import (
	"math"
	"testing"
)

// Annotations of the official unit tests (pan13-text-alignment-perfmeasures.py).
var (
	a1  = Annotation{"t1", 0, 100, "s1", 0, 100}
	a2  = Annotation{"t1", 0, 100, "", 0, 0} // intrinsic
	a3  = Annotation{"t1", 100, 100, "s1", 100, 100}
	a4  = Annotation{"t1", 0, 200, "s1", 0, 200}
	a5  = Annotation{"t1", 0, 1, "s1", 0, 1}
	a6  = Annotation{"t1", 99, 1, "s1", 99, 1}
	a7  = Annotation{"t2", 0, 100, "s2", 0, 100}
	a8  = Annotation{"t2", 0, 100, "", 0, 0} // intrinsic
	a9  = Annotation{"t2", 50, 100, "s2", 50, 100}
	a10 = Annotation{"t2", 25, 75, "s2", 25, 75}
)

func anns(a ...Annotation) []Annotation { return a }

func caseRecallOf(c Annotation, dets []Annotation) float64 {
	var buf [2][]interval
	return newAnnIndex(dets).caseRecall(c, &buf)
}

const eps = 1e-9

func near(a, b float64) bool { return math.Abs(a-b) < eps }

func TestCaseRecallOfficial(t *testing.T) {
	for _, tc := range []struct {
		name string
		c    Annotation
		dets []Annotation
		want float64
	}{
		{"a1,[]", a1, nil, 0},
		{"a1,[a1]", a1, anns(a1), 1},
		{"a1,[a2]", a1, anns(a2), 0.5},
		{"a1,[a3]", a1, anns(a3), 0},
		{"a1,[a4]", a1, anns(a4), 1},
		{"a1,[a4,a7]", a1, anns(a4, a7), 1},
		{"a1,[a7,a9]", a1, anns(a7, a9), 0},
		{"a7,[a9]", a7, anns(a9), 0.5},
		{"a7,[a10]", a7, anns(a10), 0.75},
		{"a7,[a9,a10]", a7, anns(a9, a10), 0.75},
	} {
		if got := caseRecallOf(tc.c, tc.dets); !near(got, tc.want) {
			t.Errorf("case_recall(%s) = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestMacroRecallOfficial(t *testing.T) {
	for _, tc := range []struct {
		name        string
		cases, dets []Annotation
		want        float64
	}{
		{"[],[]", nil, nil, 1},
		{"[a1],[]", anns(a1), nil, 0},
		{"[],[a1]", nil, anns(a1), 0},
		{"[a1],[a1]", anns(a1), anns(a1), 1},
		{"[a2],[a2]", anns(a2), anns(a2), 1},
		{"[a1,a7],[a1]", anns(a1, a7), anns(a1), 0.5},
		{"[a2,a8],[a2]", anns(a2, a8), anns(a2), 0.5},
		{"[a1],[a7]", anns(a1), anns(a7), 0},
		{"[a2],[a8]", anns(a2), anns(a8), 0},
	} {
		if got := MacroRecall(tc.cases, tc.dets); !near(got, tc.want) {
			t.Errorf("macro_recall(%s) = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestMacroPrecisionOfficial(t *testing.T) {
	for _, tc := range []struct {
		name        string
		cases, dets []Annotation
		want        float64
	}{
		{"[],[]", nil, nil, 1},
		{"[a1],[]", anns(a1), nil, 0},
		{"[],[a1]", nil, anns(a1), 0},
		{"[a1],[a1]", anns(a1), anns(a1), 1},
		{"[a2],[a2]", anns(a2), anns(a2), 1},
		{"[a1,a7],[a1]", anns(a1, a7), anns(a1), 1},
		{"[a2,a8],[a2]", anns(a2, a8), anns(a2), 1},
		{"[a1],[a4]", anns(a1), anns(a4), 0.5},
		{"[a7],[a10]", anns(a7), anns(a10), 1},
		{"[a7],[a9,a10]", anns(a7), anns(a9, a10), 0.75},
		{"[a1],[a3,a4]", anns(a1), anns(a3, a4), 0.25},
	} {
		if got := MacroPrecision(tc.cases, tc.dets); !near(got, tc.want) {
			t.Errorf("macro_precision(%s) = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestGranularityOfficial(t *testing.T) {
	for _, tc := range []struct {
		name        string
		cases, dets []Annotation
		want        float64
	}{
		{"[],[]", nil, nil, 1},
		{"[a1],[a2]", anns(a1), anns(a2), 1},
		{"[a1],[a2,a3]", anns(a1), anns(a2, a3), 1},
		{"[a1],[a2,a3,a4]", anns(a1), anns(a2, a3, a4), 2},
		{"[a1,a3],[a2,a4]", anns(a1, a3), anns(a2, a4), 1.5},
	} {
		if got := Granularity(tc.cases, tc.dets); !near(got, tc.want) {
			t.Errorf("granularity(%s) = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestPlagDetOfficial(t *testing.T) {
	for _, tc := range []struct{ prec, rec, gran, want float64 }{
		{0, -1, 0, 0}, // official argument order is (rec, prec, gran); symmetric here
		{-1, 0, 0, 0},
		{0, 0, -1, 0},
		{0, 0, 1, 0},
		{1, 0, 1, 0},
		{0, 1, 1, 0},
		{1, 1, 1, 1},
		{1, 0.5, 1, 2.0 / 3},
		{0.5, 1, 1, 2.0 / 3},
		{1, 1, 2, 0.63092975},
		{0.25, 0.75, 2, 0.23659865},
		{0.75, 0.25, 2, 0.23659865},
		{1, 1, 0.5, 0},         // gran < 1 is invalid
		{math.NaN(), 1, 1, 0},  // NaN is invalid
		{1, 1, math.NaN(), 0},  // NaN is invalid
		{1, 1, math.Inf(1), 0}, // F1 / +Inf
		{0.5, 0.5, 1.5, 0.5 / math.Log2(2.5)},
	} {
		if got := PlagDet(tc.prec, tc.rec, tc.gran); math.Abs(got-tc.want) > 5e-8 { // assertAlmostEqual: 7 places
			t.Errorf("PlagDet(%v, %v, %v) = %v, want %v", tc.prec, tc.rec, tc.gran, got, tc.want)
		}
	}
}

func TestOverlappingOfficial(t *testing.T) {
	for _, tc := range []struct {
		name string
		b    Annotation
		want bool
	}{
		{"a2", a2, true}, {"a3", a3, false}, {"a4", a4, true}, {"a7", a7, false},
		{"a8", a8, false}, {"a9", a9, false}, {"a10", a10, false}, {"a5", a5, true}, {"a6", a6, true},
	} {
		if got := overlapping(a1, tc.b); got != tc.want {
			t.Errorf("is_overlapping(a1, %s) = %v, want %v", tc.name, got, tc.want)
		}
	}
}

// Hand-computed cases beyond the official vectors.
func TestMeasuresHandComputed(t *testing.T) {
	c := Annotation{"t", 0, 100, "s", 0, 100}
	c2 := Annotation{"t", 200, 100, "s", 200, 100}
	split := anns(
		Annotation{"t", 0, 30, "s", 0, 30},
		Annotation{"t", 30, 30, "s", 30, 30},
		Annotation{"t", 60, 40, "s", 60, 40},
	)
	overlappingDets := anns(Annotation{"t", 0, 60, "s", 0, 60}, Annotation{"t", 40, 60, "s", 40, 60})
	spanning := anns(Annotation{"t", 0, 300, "s", 0, 300})
	for _, tc := range []struct {
		name                 string
		cases, dets          []Annotation
		rec, prec, gran, pdt float64
	}{
		// One case found in three pieces: perfect characters, granularity 3.
		{"split in 3", anns(c), split, 1, 1, 3, 0.5},
		// Duplicate detections collapse into one (set semantics).
		{"duplicates", anns(c), anns(c, c, c), 1, 1, 1, 1},
		// Overlapping detections: the union counts once for recall.
		{"overlapping dets", anns(c), overlappingDets, 1, 1, 2, 1 / math.Log2(3)},
		// One detection spanning two cases and the 100-char gap between them:
		// each case counts it once; 400 of its 600 chars are plagiarised.
		{"spanning", anns(c, c2), spanning, 1, 2.0 / 3, 1, PlagDet(2.0/3, 1, 1)},
		// Right suspicious span, wrong source document: no detection at all.
		{"wrong source", anns(c), anns(Annotation{"t", 0, 100, "x", 0, 100}), 0, 0, 1, 0},
		// Suspicious side only: half of the case's characters.
		{"susp side only", anns(c), anns(Annotation{"t", 0, 100, "s", 500, 100}), 0, 0, 1, 0},
		// Source side half covered: (100 + 50) / 200; detection (100+50)/200 too.
		{"half source", anns(c), anns(Annotation{"t", 0, 100, "s", 50, 100}), 0.75, 0.75, 1, 0.75},
		// Touching intervals do not overlap (half-open).
		{"touching", anns(c), anns(Annotation{"t", 100, 10, "s", 100, 10}), 0, 0, 1, 0},
	} {
		rec, prec, gran := MacroRecall(tc.cases, tc.dets), MacroPrecision(tc.cases, tc.dets), Granularity(tc.cases, tc.dets)
		pdt := PlagDet(prec, rec, gran)
		if !near(rec, tc.rec) || !near(prec, tc.prec) || !near(gran, tc.gran) || !near(pdt, tc.pdt) {
			t.Errorf("%s: rec %v prec %v gran %v plagdet %v, want %v %v %v %v",
				tc.name, rec, prec, gran, pdt, tc.rec, tc.prec, tc.gran, tc.pdt)
		}
		s := panScores(tc.cases, tc.dets)
		if !near(s.Recall, rec) || !near(s.Precision, prec) || !near(s.Granularity, gran) || !near(s.PlagDet, pdt) {
			t.Errorf("%s: panScores() = %+v disagrees with the exported measures", tc.name, s)
		}
	}
}

func TestCaseLevelRecall(t *testing.T) {
	c := Annotation{"t", 0, 100, "s", 0, 100}
	for _, tc := range []struct {
		name string
		dets []Annotation
		want float64
	}{
		{"exactly half both sides", anns(Annotation{"t", 0, 50, "s", 50, 50}), 1},
		{"49% of the source", anns(Annotation{"t", 0, 50, "s", 0, 49}), 0},
		{"two halves, neither enough alone", anns(Annotation{"t", 0, 49, "s", 0, 51}, Annotation{"t", 49, 51, "s", 51, 49}), 0},
		{"superset", anns(Annotation{"t", 0, 1000, "s", 0, 1000}), 1},
		{"none", nil, 0},
	} {
		if got := CaseLevelRecall(anns(c), tc.dets, 0.5); !near(got, tc.want) {
			t.Errorf("%s: CaseLevelRecall = %v, want %v", tc.name, got, tc.want)
		}
	}
	if got := CaseLevelRecall(nil, nil, 0.5); got != 1 {
		t.Errorf("CaseLevelRecall(nil, nil) = %v, want 1", got)
	}
}

// Malformed annotations must not panic or produce NaN.
func TestMeasuresDegenerate(t *testing.T) {
	zero := Annotation{"t", 5, 0, "s", 5, 0}
	neg := Annotation{"t", 5, -3, "s", 5, -3}
	c := Annotation{"t", 0, 100, "s", 0, 100}
	for _, d := range []Annotation{zero, neg} {
		for _, v := range []float64{
			MacroRecall(anns(c), anns(d)), MacroPrecision(anns(c), anns(d)), Granularity(anns(c), anns(d)),
			MacroRecall(anns(d), anns(c)), CaseLevelRecall(anns(d), anns(c), 0.5),
		} {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				t.Errorf("%+v: got %v", d, v)
			}
		}
	}
}
