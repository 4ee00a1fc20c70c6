package eval

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// writeDocsGz writes {"id","text"} lines, gzip-compressed.
func writeDocsGz(t *testing.T, path string, docs ...[2]string) {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	for _, d := range docs {
		b, err := json.Marshal(map[string]string{"id": d[0], "text": d[1]})
		if err != nil {
			t.Fatal(err)
		}
		zw.Write(append(b, '\n'))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	writeFile(t, path, buf.String())
}

// A tiny PAN-shaped corpus with multi-byte text.
const (
	passage = "the quick brown fox jumps"
	susp1   = "ÄÖÜ—" + passage + " tail ü"     // 4 chars / 9 bytes before the passage
	src1    = "€€ intro " + passage + " outro" // 9 chars / 13 bytes before it
	src2    = "unrelated text ñ"
	susp2   = "xx quick brown fox yy" // "quick brown fox" at 3
)

const truthHeader = "susp\tsrc\tcategory\tobfuscation\tobfuscation_degree\ttype\tthis_offset\tthis_length\tsource_offset\tsource_length\tthis_byte_offset\tthis_byte_length\tsource_byte_offset\tsource_byte_length\n"

func tinyCorpus(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "pairs.tsv"), "susp\tsrc\tcategory\n"+
		"susp1\tsrc2\t01-no-plagiarism\n"+
		"susp1\tsrc1\t02-no-obfuscation\n"+
		"susp2\tsrc1\t03-random-obfuscation\n")
	writeFile(t, filepath.Join(dir, "truth.tsv"), truthHeader+
		"susp1\tsrc1\t02-no-obfuscation\tnone\t\tartificial\t4\t25\t9\t25\t9\t25\t13\t25\n"+
		"susp2\tsrc1\t03-random-obfuscation\trandom\tlow\tartificial\t3\t15\t13\t15\t3\t15\t17\t15\n")
	writeDocsGz(t, filepath.Join(dir, "susp.jsonl.gz"), [2]string{"susp1", susp1}, [2]string{"susp2", susp2})
	writeDocsGz(t, filepath.Join(dir, "src.jsonl.gz"), [2]string{"src1", src1}, [2]string{"src2", src2})
	return dir
}

// tinyAligner returns hand-made detections for the tiny corpus.
func tinyAligner(susp, src string) []Passage {
	switch {
	case susp == susp1 && src == src1: // exact, duplicated, plus one invalid
		p := Passage{9, 9 + 25, 13, 13 + 25}
		return []Passage{p, p, {0, 1000, 0, 5}}
	case susp == susp1 && src == src2: // a false positive, mid-character offsets
		return []Passage{{1, 3, 0, 4}}
	case susp == susp2 && src == src1: // the case in two pieces (7/8 and 8/7 chars)
		return []Passage{{10, 18, 25, 32}, {3, 10, 17, 25}}
	}
	return nil
}

func TestPAN13Tiny(t *testing.T) {
	dir := tinyCorpus(t)
	var dets bytes.Buffer
	r, err := PAN13(dir, tinyAligner, PANOptions{Detections: &dets, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	check := func(name string, got PANScores, rec, prec, gran, pdt, crec float64, cases, ndets int) {
		t.Helper()
		if !near(got.Recall, rec) || !near(got.Precision, prec) || !near(got.Granularity, gran) ||
			!near(got.PlagDet, pdt) || !near(got.CaseRecall, crec) || got.Cases != cases || got.Detections != ndets {
			t.Errorf("%s: got %+v\nwant rec %v prec %v gran %v plagdet %v case-rec %v cases %d dets %d",
				name, got, rec, prec, gran, pdt, crec, cases, ndets)
		}
	}
	// Per class, each class sees only its own pairs' detections: the false
	// positive of the negative pair does not lower 02's precision.
	check("01", r.ByClass["01-no-plagiarism"], 0, 0, 1, 0, 0, 0, 1)
	check("02", r.ByClass["02-no-obfuscation"], 1, 1, 1, 1, 1, 1, 1)
	// Split in two: perfect characters, granularity 2; neither piece covers
	// half of the case on both sides, so the case-level recall is 0.
	check("03", r.ByClass["03-random-obfuscation"], 1, 1, 2, PlagDet(1, 1, 2), 0, 1, 2)
	// Overall: precision (1 + 1 + 1 + 0) / 4, granularity (1 + 2) / 2.
	check("overall", r.Overall, 1, 0.75, 1.5, PlagDet(0.75, 1, 1.5), 0.5, 2, 4)
	if r.InvalidPassages != 1 {
		t.Errorf("InvalidPassages = %d, want 1", r.InvalidPassages)
	}
	if !near(r.PairPrecision, 2.0/3) || r.PairRecall != 1 || r.NegativePairs != 1 || r.NegativePairsWithDetections != 1 ||
		r.PositivePairs != 2 || r.PositivePairsWithDetections != 2 {
		t.Errorf("pair level: %+v", r)
	}
	if want := []string{"01-no-plagiarism", "02-no-obfuscation", "03-random-obfuscation"}; strings.Join(r.Classes, ",") != strings.Join(want, ",") {
		t.Errorf("Classes = %v", r.Classes)
	}
	wantTSV := "susp\tsrc\tthis_byte_offset\tthis_byte_length\tsource_byte_offset\tsource_byte_length\n" +
		"susp1\tsrc2\t1\t2\t0\t4\n" +
		"susp1\tsrc1\t9\t25\t13\t25\n" +
		"susp2\tsrc1\t3\t7\t17\t8\n" +
		"susp2\tsrc1\t10\t8\t25\t7\n"
	if dets.String() != wantTSV {
		t.Errorf("detections TSV:\n%s\nwant:\n%s", dets.String(), wantTSV)
	}
	var text bytes.Buffer
	if err := r.WriteText(&text); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"02-no-obfuscation", "overall", "0.63093", "invalid passages dropped: 1", "negative pairs detected 1/1"} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("WriteText output lacks %q:\n%s", want, text.String())
		}
	}
	t.Logf("\n%s", text.String())

	// Limit 1 keeps the first pair of each category; same figures here.
	r1, err := PAN13(dir, tinyAligner, PANOptions{Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	if r1.Overall != r.Overall {
		t.Errorf("Limit 1: %+v, want %+v", r1.Overall, r.Overall)
	}
}

func TestPAN13Nothing(t *testing.T) {
	r, err := PAN13(tinyCorpus(t), func(string, string) []Passage { return nil }, PANOptions{})
	if err != nil {
		t.Fatal(err)
	}
	o := r.Overall
	if o.Recall != 0 || o.Precision != 0 || o.Granularity != 1 || o.PlagDet != 0 || o.Cases != 2 || o.Detections != 0 {
		t.Errorf("overall %+v", o)
	}
	// Official convention: no cases and no detections scores 1.
	if n := r.ByClass["01-no-plagiarism"]; n.PlagDet != 1 || n.Precision != 1 {
		t.Errorf("01: %+v", n)
	}
	if r.PairPrecision != 0 || r.PairRecall != 0 {
		t.Errorf("pairs: %v %v", r.PairPrecision, r.PairRecall)
	}
}

func TestPassagesToAnnotationsMultibyte(t *testing.T) {
	text := "aé€𝄞b" // bytes: a 0, é 1-2, € 3-5, 𝄞 6-9, b 10
	for _, tc := range []struct {
		p      Passage
		off, n int
		name   string
	}{
		{Passage{0, 11, 0, 11}, 0, 5, "whole"},
		{Passage{1, 3, 1, 3}, 1, 1, "é"},
		{Passage{3, 10, 3, 10}, 2, 2, "€𝄞"},
		{Passage{2, 4, 2, 4}, 1, 2, "mid-é to mid-€ rounds outwards"},
		{Passage{7, 8, 7, 8}, 3, 1, "inside 𝄞"},
		{Passage{10, 11, 10, 11}, 4, 1, "b"},
	} {
		a := passagesToAnnotations([]Passage{tc.p}, "t", text, "s", text)[0]
		if a.SuspOff != tc.off || a.SuspLen != tc.n || a.SrcOff != tc.off || a.SrcLen != tc.n {
			t.Errorf("%s: %+v, want off %d len %d", tc.name, a, tc.off, tc.n)
		}
	}
}

func TestCleanPassages(t *testing.T) {
	in := []Passage{{5, 6, 0, 1}, {0, 1, 0, 1}, {5, 6, 0, 1}, {-1, 2, 0, 1}, {3, 3, 0, 1}, {0, 1, 2, 1}, {0, 11, 0, 1}, {0, 1, 0, 6}}
	orig := append([]Passage(nil), in...)
	got, invalid := cleanPassages(in, 10, 5)
	if want := []Passage{{0, 1, 0, 1}, {5, 6, 0, 1}}; len(got) != 2 || got[0] != want[0] || got[1] != want[1] || invalid != 5 {
		t.Errorf("cleanPassages = %v, %d", got, invalid)
	}
	for i := range in {
		if in[i] != orig[i] {
			t.Fatal("cleanPassages modified its input")
		}
	}
}

func TestPAN13Errors(t *testing.T) {
	mutate := func(file, content string) string {
		dir := tinyCorpus(t)
		writeFile(t, filepath.Join(dir, file), content)
		return dir
	}
	for _, tc := range []struct {
		name, dir, want string
	}{
		{"missing dir", filepath.Join(t.TempDir(), "nope"), "pairs.tsv"},
		{"short pairs line", mutate("pairs.tsv", "susp\tsrc\tcategory\nsusp1\tsrc1\n"), "pairs.tsv line 2"},
		{"pairs header", mutate("pairs.tsv", "a\tb\tc\n"), "pairs.tsv line 1"},
		{"no pairs", mutate("pairs.tsv", "susp\tsrc\tcategory\n"), "pairs.tsv: no pairs"},
		{"bad int", mutate("truth.tsv", truthHeader+"susp1\tsrc1\t02-no-obfuscation\tnone\t\tartificial\tx\t25\t9\t25\t9\t25\t13\t25\n"), "truth.tsv line 2: this_offset"},
		{"unknown pair", mutate("truth.tsv", truthHeader+"susp9\tsrc1\t02-no-obfuscation\tnone\t\tartificial\t4\t25\t9\t25\t9\t25\t13\t25\n"), "truth.tsv line 2: pair susp9"},
		{"wrong code points", mutate("truth.tsv", truthHeader+"susp1\tsrc1\t02-no-obfuscation\tnone\t\tartificial\t9\t25\t9\t25\t9\t25\t13\t25\n"), "truth.tsv line 2: suspicious side"},
		{"out of range", mutate("truth.tsv", truthHeader+"susp1\tsrc1\t02-no-obfuscation\tnone\t\tartificial\t4\t25\t9\t25\t9\t25\t13\t2500\n"), "truth.tsv line 2: source side"},
		{"bad json", mutate("src.jsonl.gz", "{\"id\": \"src1\"\n"), "src.jsonl.gz line 1"},
		{"missing doc", mutate("src.jsonl.gz", "{\"id\": \"src1\", \"text\": \"x\"}\n"), "src2 not in src.jsonl.gz"},
	} {
		_, err := PAN13(tc.dir, tinyAligner, PANOptions{})
		if err == nil || !strings.HasPrefix(err.Error(), "eval: ") || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want one containing %q", tc.name, err, tc.want)
		}
	}
	_, err := PAN13(tinyCorpus(t), func(string, string) []Passage { panic("boom") }, PANOptions{})
	if err == nil || !strings.Contains(err.Error(), "boom") || !strings.Contains(err.Error(), "pairs.tsv line") {
		t.Errorf("panicking aligner: err = %v", err)
	}
	if _, err := PAN13(tinyCorpus(t), nil, PANOptions{}); err == nil {
		t.Error("nil aligner: no error")
	}
	if _, err := PAN13(tinyCorpus(t), tinyAligner, PANOptions{Workers: -1}); err == nil {
		t.Error("negative Workers: no error")
	}
}
