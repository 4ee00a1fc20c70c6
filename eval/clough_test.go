package eval

import (
	"bytes"
	"encoding/json"
	"math"
	"path/filepath"
	"strings"
	"testing"
)

// containment is the share of a's word trigrams found in b: a crude
// reuse score for tests.
func containment(a, b string) float64 {
	grams := func(s string) map[string]bool {
		w := strings.Fields(strings.ToLower(s))
		m := map[string]bool{}
		for i := 0; i+3 <= len(w); i++ {
			m[strings.Join(w[i:i+3], " ")] = true
		}
		return m
	}
	ga, gb := grams(a), grams(b)
	if len(ga) == 0 {
		return 0
	}
	n := 0
	for g := range ga {
		if gb[g] {
			n++
		}
	}
	return float64(n) / float64(len(ga))
}

func writeJSONL(t *testing.T, path string, rows ...any) {
	t.Helper()
	var buf bytes.Buffer
	for _, r := range rows {
		b, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		buf.Write(append(b, '\n'))
	}
	writeFile(t, path, buf.String())
}

type cloughDoc struct {
	ID       string `json:"id"`
	Category string `json:"category"`
	Source   string `json:"source,omitempty"`
	Text     string `json:"text"`
}

func TestCloughTiny(t *testing.T) {
	dir := t.TempDir()
	// The "text" of each answer is its score, parsed by the ScoreFunc.
	writeJSONL(t, filepath.Join(dir, "docs.jsonl"),
		cloughDoc{"orig_taska", "orig", "", "source a"},
		cloughDoc{"x1", "cut", "orig_taska", "0.9"},
		cloughDoc{"x2", "light", "orig_taska", "0.5"},
		cloughDoc{"x3", "heavy", "orig_taska", "0.7"},
		cloughDoc{"x4", "non", "orig_taska", "0.6"},
		cloughDoc{"x5", "non", "orig_taska", "0.1"},
	)
	score := func(a, b string) float64 {
		if b != "source a" {
			t.Errorf("scored against %q", b)
		}
		var v float64
		json.Unmarshal([]byte(a), &v)
		return v
	}
	r, err := Clough(dir, score)
	if err != nil {
		t.Fatal(err)
	}
	// Derived 0.9, 0.5, 0.7 vs non 0.6, 0.1: 5 of 6 pairs ordered right.
	// Best F1: ">= 0.5" gives TP 3, FP 1 -> 6/7.
	// Spearman of (0.9, 0.5, 0.7, 0.6, 0.1) with (3, 2, 1, 0, 0):
	// ranks (5, 2, 4, 3, 1) and (5, 4, 3, 1.5, 1.5).
	wantRho := pearson([]float64{5, 2, 4, 3, 1}, []float64{5, 4, 3, 1.5, 1.5})
	if !near(r.AUC, 5.0/6) || !near(r.BestF1, 6.0/7) || r.BestThreshold != 0.5 || !near(r.Spearman, wantRho) || r.N != 5 {
		t.Errorf("report %+v", r)
	}
	if !near(r.MeanByCategory["non"], 0.35) || r.MeanByCategory["cut"] != 0.9 || len(r.Items) != 5 || r.Items[0].ID != "x1" {
		t.Errorf("means %v, items %v", r.MeanByCategory, r.Items)
	}
	var buf bytes.Buffer
	if err := r.WriteText(&buf); err != nil || !strings.Contains(buf.String(), "ROC-AUC 0.8333") {
		t.Errorf("WriteText: %v\n%s", err, buf.String())
	}

	for _, tc := range []struct {
		name string
		docs []any
		want string
	}{
		{"unknown category", []any{cloughDoc{"x", "odd", "orig_taska", "t"}}, "line 1: unknown category"},
		{"missing source", []any{cloughDoc{"x", "cut", "orig_taskz", "t"}}, "line 1: source orig_taskz"},
		{"no answers", []any{cloughDoc{"orig_taska", "orig", "", "t"}}, "no answers"},
	} {
		writeJSONL(t, filepath.Join(dir, "docs.jsonl"), tc.docs...)
		if _, err := Clough(dir, score); err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "eval: ") {
			t.Errorf("%s: err %v, want %q", tc.name, err, tc.want)
		}
	}
	writeJSONL(t, filepath.Join(dir, "docs.jsonl"), cloughDoc{"o", "orig", "", "s"}, cloughDoc{"x", "cut", "o", "t"})
	if _, err := Clough(dir, func(string, string) float64 { return math.NaN() }); err == nil {
		t.Error("NaN score: no error")
	}
	if _, err := Clough(dir, func(string, string) float64 { panic("boom") }); err == nil || !strings.Contains(err.Error(), "boom") {
		t.Errorf("panicking score: %v", err)
	}
}

func TestCloughCorpus(t *testing.T) {
	t.Parallel()
	dir := corpusDir(t, "clough-stevenson-short-answers")
	r, err := Clough(dir, containment)
	if err != nil {
		t.Fatal(err)
	}
	if r.N != 50 || len(r.MeanByCategory) != 4 {
		t.Fatalf("N %d, means %v", r.N, r.MeanByCategory)
	}
	m := r.MeanByCategory
	if !(m["cut"] > m["light"] && m["light"] > m["heavy"] && m["heavy"] > m["non"]) {
		t.Errorf("containment means not ordered cut > light > heavy > non: %v", m)
	}
	if r.AUC < 0.9 || r.Spearman < 0.6 || r.BestF1 < 0.8 {
		t.Errorf("trigram containment should separate this corpus well: %+v", r)
	}
	var buf bytes.Buffer
	r.WriteText(&buf)
	t.Logf("\n%s", buf.String())
	// A constant score says nothing.
	r, err = Clough(dir, func(string, string) float64 { return 1 })
	if err != nil || r.AUC != 0.5 || r.Spearman != 0 {
		t.Errorf("constant score: %+v, %v", r, err)
	}
}
