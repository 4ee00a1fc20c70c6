package eval

import (
	"bytes"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

type msrpRow struct {
	Label int    `json:"label"`
	S1    string `json:"s1"`
	S2    string `json:"s2"`
}

func TestMSRPTiny(t *testing.T) {
	dir := t.TempDir()
	// s1 carries the score.
	writeJSONL(t, filepath.Join(dir, "pairs.jsonl"),
		msrpRow{1, "0.9", "a"}, msrpRow{1, "0.4", "b"}, msrpRow{0, "0.6", "c"}, msrpRow{0, "0.2", "d"}, msrpRow{1, "0.8", "e"})
	score := func(a, _ string) float64 { v, _ := strconv.ParseFloat(a, 64); return v }
	r, err := MSRP(dir, score, 0.5)
	if err != nil {
		t.Fatal(err)
	}
	// >= 0.5: TP 2 (0.9, 0.8), FP 1 (0.6), FN 1 (0.4), TN 1 (0.2).
	// AUC: positives 0.9, 0.4, 0.8 vs 0.6, 0.2: 5 of 6 pairs.
	// Best F1: >= 0.4 -> TP 3, FP 1 -> 6/7.
	if !near(r.Precision, 2.0/3) || !near(r.Recall, 2.0/3) || !near(r.F1, 2.0/3) || !near(r.Accuracy, 0.6) ||
		!near(r.AUC, 5.0/6) || !near(r.BestF1, 6.0/7) || r.BestThreshold != 0.4 || r.N != 5 || r.Positives != 3 || r.Threshold != 0.5 {
		t.Errorf("report %+v", r)
	}
	var buf bytes.Buffer
	if err := r.WriteText(&buf); err != nil || !strings.Contains(buf.String(), "0.8333") {
		t.Errorf("WriteText: %v\n%s", err, buf.String())
	}
	writeFile(t, filepath.Join(dir, "pairs.jsonl"), `{"label": 1, "s1": "a", "s2": "b"}`+"\n"+`{"label": 2, "s1": "a", "s2": "b"}`+"\n")
	if _, err := MSRP(dir, score, 0.5); err == nil || !strings.Contains(err.Error(), "pairs.jsonl line 2") {
		t.Errorf("bad label: %v", err)
	}
}

// jaccard is the word-set Jaccard similarity, for tests.
func jaccard(a, b string) float64 {
	set := func(s string) map[string]bool {
		m := map[string]bool{}
		for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
			return !('a' <= r && r <= 'z' || '0' <= r && r <= '9')
		}) {
			m[w] = true
		}
		return m
	}
	sa, sb := set(a), set(b)
	inter := 0
	for w := range sa {
		if sb[w] {
			inter++
		}
	}
	if u := len(sa) + len(sb) - inter; u > 0 {
		return float64(inter) / float64(u)
	}
	return 0
}

func TestMSRPCorpus(t *testing.T) {
	t.Parallel()
	dir := corpusDir(t, "msr-paraphrase")
	r, err := MSRP(dir, jaccard, 0.5)
	if err != nil {
		t.Fatal(err)
	}
	if r.N != 4076 || r.Positives != 2753 {
		t.Errorf("N %d, positives %d; README says 4076, 2753", r.N, r.Positives)
	}
	// README: median Jaccard 0.57 for positives, 0.40 for negatives; word
	// overlap is informative but far from perfect.
	if r.AUC < 0.6 || r.AUC > 0.85 || r.BestF1 < 0.8 || r.Accuracy < 0.6 {
		t.Errorf("Jaccard baseline out of the expected range: %+v", r)
	}
	var buf bytes.Buffer
	r.WriteText(&buf)
	t.Logf("\n%s", buf.String())
}
