package eval

import (
	"bufio"
	"bytes"
	"slices"
	"strings"
	"testing"
	"time"
)

// oracle builds an aligner that returns the gold cases (byte offsets of
// truth.tsv) of the pair whose texts it is given.
func oracle(t *testing.T, c *panCorpus) AlignFunc {
	t.Helper()
	gold := map[[2]string][]Passage{}
	seen := map[[2]string]int{} // texts -> pairs.tsv line
	for i, p := range c.pairs {
		var ps []Passage
		for _, k := range c.cases[i] {
			ps = append(ps, Passage{k.SuspByteOff, k.SuspByteOff + k.SuspByteLen, k.SrcByteOff, k.SrcByteOff + k.SrcByteLen})
		}
		k := [2]string{c.susp[p.Susp], c.src[p.Src]}
		if line, dup := seen[k]; dup && !slices.Equal(gold[k], ps) {
			// Documents with identical texts exist; pairs of them must agree.
			t.Fatalf("pairs.tsv lines %d and %d: same texts, different gold; the oracle cannot tell them apart", line, p.line)
		}
		seen[k], gold[k] = p.line, ps
	}
	return func(susp, src string) []Passage { return gold[[2]string{susp, src}] }
}

func TestPAN13CorpusOracle(t *testing.T) {
	t.Parallel()
	dir := corpusDir(t, "pan13-text-alignment")
	limit := 60
	if testing.Short() {
		limit = 10
	}
	c, err := loadPAN(dir, limit)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	var dets bytes.Buffer
	r, err := PAN13(dir, oracle(t, c), PANOptions{Limit: limit, Detections: &dets})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d pairs in %v", r.Overall.Pairs, time.Since(start))
	if r.InvalidPassages != 0 {
		t.Errorf("InvalidPassages = %d", r.InvalidPassages)
	}
	for _, name := range append(r.Classes, "overall") {
		s, ok := r.ByClass[name]
		if name == "overall" {
			s, ok = r.Overall, true
		}
		if !ok || s.Pairs != limit && name != "overall" {
			t.Errorf("%s: %+v, want %d pairs", name, s, limit)
		}
		if s.PlagDet != 1 || s.Recall != 1 || s.Precision != 1 || s.Granularity != 1 || s.CaseRecall != 1 || s.Cases != s.Detections {
			t.Errorf("oracle on %s: %+v, want perfect scores", name, s)
		}
	}
	if len(r.Classes) != 5 || r.ByClass["01-no-plagiarism"].Cases != 0 || r.ByClass["02-no-obfuscation"].Cases == 0 {
		t.Errorf("classes %v: %+v", r.Classes, r.ByClass)
	}
	if r.PairPrecision != 1 || r.NegativePairs != limit || r.NegativePairsWithDetections != 0 {
		t.Errorf("pair level: precision %v, negatives %d/%d", r.PairPrecision, r.NegativePairsWithDetections, r.NegativePairs)
	}
	// Summary pairs without a case are positives never detected by the oracle.
	if r.PairRecall <= 0.5 || r.PairRecall > 1 {
		t.Errorf("PairRecall = %v", r.PairRecall)
	}
	lines := strings.Count(dets.String(), "\n")
	if lines != r.Overall.Detections+1 {
		t.Errorf("detections TSV has %d lines, want %d + header", lines, r.Overall.Detections)
	}
	var text bytes.Buffer
	if err := r.WriteText(&text); err != nil {
		t.Fatal(err)
	}
	t.Logf("\n%s", text.String())
}

// The byte -> code point conversion applied to every gold case's byte
// offsets must give truth.tsv's code-point offsets.
func TestPAN13CorpusOffsets(t *testing.T) {
	t.Parallel()
	dir := corpusDir(t, "pan13-text-alignment")
	if testing.Short() {
		t.Skip("whole corpus; skipped in -short mode")
	}
	c, err := loadPAN(dir, 0)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for i, p := range c.pairs {
		for _, k := range c.cases[i] {
			ps := []Passage{{k.SuspByteOff, k.SuspByteOff + k.SuspByteLen, k.SrcByteOff, k.SrcByteOff + k.SrcByteLen}}
			if got := passagesToAnnotations(ps, p.Susp, c.susp[p.Susp], p.Src, c.src[p.Src])[0]; got != k.Annotation {
				t.Fatalf("truth.tsv line %d: converted %+v, want %+v", k.line, got, k.Annotation)
			}
			n++
		}
	}
	if len(c.pairs) != 5185 || n != 4007 {
		t.Errorf("%d pairs, %d cases; README says 5185, 4007", len(c.pairs), n)
	}
}

// A constant aligner: one passage at the start of every pair.
func TestPAN13CorpusFirstChars(t *testing.T) {
	t.Parallel()
	dir := corpusDir(t, "pan13-text-alignment")
	const limit = 20
	align := func(susp, src string) []Passage {
		return []Passage{{0, min(len(susp), 1), 0, min(len(src), 1)}}
	}
	var dets bytes.Buffer
	r, err := PAN13(dir, align, PANOptions{Limit: limit, Workers: 3, Detections: &dets})
	if err != nil {
		t.Fatal(err)
	}
	if r.NegativePairsWithDetections != limit || r.PositivePairsWithDetections != 4*limit || r.PairRecall != 1 || r.PairPrecision != 0.8 {
		t.Errorf("pair level: %+v", r)
	}
	if n := r.ByClass["01-no-plagiarism"]; n.Precision != 0 || n.PlagDet != 0 || n.Detections != limit {
		t.Errorf("01: %+v", n)
	}
	if r.Overall.Recall > 0.01 || r.Overall.PlagDet > 0.02 {
		t.Errorf("overall: %+v", r.Overall)
	}
	// Deterministic TSV: pairs.tsv order.
	sc := bufio.NewScanner(&dets)
	sc.Scan()
	sc.Scan()
	if first := sc.Text(); !strings.HasSuffix(first, "\t0\t1\t0\t1") {
		t.Errorf("first detection line %q", first)
	}
}
