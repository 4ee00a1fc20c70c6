package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseSizes(t *testing.T) {
	labels, sizes, err := parseSizes("100MB, 1gb,1.5GB,500kB,12345,")
	if err != nil {
		t.Fatal(err)
	}
	want := []int64{100e6, 1e9, 1.5e9, 500e3, 12345}
	if len(sizes) != len(want) || strings.Join(labels, ",") != "100MB,1GB,1.5GB,500KB,12345" {
		t.Fatalf("parseSizes = %v %v", labels, sizes)
	}
	for i := range want {
		if sizes[i] != want[i] {
			t.Errorf("size %s = %d, want %d", labels[i], sizes[i], want[i])
		}
	}
	for _, bad := range []string{"MB", "-1MB", "10TB", "ten"} {
		if _, err := parseSize(bad); err == nil {
			t.Errorf("parseSize(%q) succeeded", bad)
		}
	}
	if l, s, err := parseSizes(""); err != nil || l != nil || s != nil {
		t.Errorf(`parseSizes("") = %v, %v, %v`, l, s, err)
	}
}

func TestScorePairs(t *testing.T) {
	truth := []pairKey{{"a", "b"}, {"a", "c"}, {"b", "d"}, {"e", "f"}}
	reported := []pairKey{{"b", "a"}, {"a", "b"}, {"c", "a"}, {"c", "d"}} // a repeat, reversed orders, one wrong
	s := scorePairs(truth, reported)
	if s.reported != 3 || s.correct != 2 || s.truth != 4 {
		t.Fatalf("score = %+v", s)
	}
	if s.recall() != 0.5 || s.precision() != 2.0/3 {
		t.Errorf("recall %v precision %v", s.recall(), s.precision())
	}
	if s := scorePairs(nil, nil); s.recall() != 1 || s.precision() != 1 {
		t.Errorf("empty score: recall %v precision %v, want 1, 1", s.recall(), s.precision())
	}
}

func TestReadPairs(t *testing.T) {
	path := filepath.Join(t.TempDir(), "out.jsonl")
	out := `{"type":"pair","a":"x","b":"w","jaccard":0.91,"near_duplicate":true,"words":10,"passages":[]}
{"type":"pair","a":"x","b":"y","jaccard":0.2,"near_duplicate":false,"words":50,"passages":[{"a_start":0,"a_end":9,"b_start":0,"b_end":9,"words":50}]}
{"type":"cluster","id":"c1","members":["x","w"],"source":"x"}
{"type":"summary","documents":3,"words":100,"bytes":600,"pairs":2,"clusters":1,"warnings":0}
`
	if err := os.WriteFile(path, []byte(out), 0o644); err != nil {
		t.Fatal(err)
	}
	near, other, err := readPairs(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(near) != 1 || near[0] != (pairKey{"w", "x"}) || len(other) != 1 || other[0] != (pairKey{"x", "y"}) {
		t.Errorf("readPairs = %v, %v", near, other)
	}
	s, err := readSummary(path)
	if err != nil || s != (summary{Documents: 3, Bytes: 600, Pairs: 2}) {
		t.Errorf("readSummary = %+v, %v", s, err)
	}
}

func TestRun(t *testing.T) {
	dir := t.TempDir()
	// Exit status 1 is dedupe's "nothing found", not a failure.
	ok := tool{name: "sh", bin: "/bin/sh", args: []string{"-c", `printf '{"type":"summary","documents":2,"bytes":10,"pairs":0}\n'; exit 1`, "sh"}}
	var ms []measurement
	for range 3 {
		m, err := run(ok, []string{"corpus"}, filepath.Join(dir, "ok"))
		if err != nil {
			t.Fatal(err)
		}
		ms = append(ms, m)
	}
	m := pick(ms, "median")
	if m.summary.Documents != 2 || m.wall <= 0 || m.maxRSS <= 0 {
		t.Errorf("measurement = %+v", m)
	}
	bad := tool{name: "sh", bin: "/bin/sh", args: []string{"-c", "echo oops >&2; exit 2", "sh"}}
	if _, err := run(bad, nil, filepath.Join(dir, "bad")); err == nil || !strings.Contains(err.Error(), "oops") {
		t.Errorf("run of a failing tool: %v", err)
	}
}

func TestFmtInt(t *testing.T) {
	for v, want := range map[float64]string{0: "0", 999: "999", 1000: "1,000", 1234567.6: "1,234,568"} {
		if got := fmtInt(v); got != want {
			t.Errorf("fmtInt(%v) = %q, want %q", v, got, want)
		}
	}
}

func TestPick(t *testing.T) {
	ms := []measurement{{wall: 3, maxRSS: 10}, {wall: 1, maxRSS: 30}, {wall: 2, maxRSS: 20}}
	if m := pick(ms, "median"); m.wall != 2 || m.maxRSS != 30 {
		t.Errorf("median = %+v", m)
	}
	if m := pick(ms, "min"); m.wall != 1 || m.maxRSS != 30 || m.lo != 1 || m.hi != 3 || m.runs != 3 {
		t.Errorf("min = %+v", m)
	}
	if ms[0].wall != 3 {
		t.Error("pick reordered its argument")
	}
}
