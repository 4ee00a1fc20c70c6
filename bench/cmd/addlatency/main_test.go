package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func TestRun(t *testing.T) {
	c := config{docs: 300, probe: 100, seed: 3}
	rep, err := c.run()
	if err != nil {
		t.Fatal(err)
	}
	if rep.Docs != 300 || rep.Generated != 400 || rep.Errors != 0 {
		t.Fatalf("docs %d, generated %d, errors %d; want 300, 400, 0", rep.Docs, rep.Generated, rep.Errors)
	}
	if rep.TextMB <= 0 || rep.ProbeMB <= 0 {
		t.Errorf("text %.3f MB indexed, %.3f MB probed; want both > 0", rep.TextMB, rep.ProbeMB)
	}
	// Percentiles are ordered and bounded by the maximum.
	qs := []float64{rep.P50Micro, rep.P90Micro, rep.P99Micro, rep.P999Micro, rep.MaxMicro}
	if qs[0] <= 0 {
		t.Errorf("p50 %v µs", qs[0])
	}
	for i := 1; i < len(qs); i++ {
		if qs[i-1] > qs[i] {
			t.Errorf("percentiles out of order: %v", qs)
		}
	}
	if rep.MeanMicro > rep.MaxMicro {
		t.Errorf("mean %v above max %v", rep.MeanMicro, rep.MaxMicro)
	}
	// A generated stream reprints wire stories: some probe documents
	// match earlier ones, not all.
	if rep.Matched <= 0 || rep.Matched >= rep.Probe {
		t.Errorf("%d of %d probe documents matched", rep.Matched, rep.Probe)
	}

	var out bytes.Buffer
	rep.write(&out)
	line, _, _ := strings.Cut(out.String(), "\n")
	var back report
	if err := json.Unmarshal([]byte(line), &back); err != nil {
		t.Fatalf("first line %q: %v", line, err)
	}
	if back.P99Micro != rep.P99Micro {
		t.Errorf("JSON p99 %v, want %v", back.P99Micro, rep.P99Micro)
	}
	if !strings.Contains(out.String(), "| 300 | full | 100 |") {
		t.Errorf("no table row in\n%s", out.String())
	}
}

func TestRunWithEmptyIndex(t *testing.T) {
	c := config{docs: 0, probe: 5, seed: 1}
	rep, err := c.run()
	if err != nil {
		t.Fatal(err)
	}
	if rep.Generated != 5 {
		t.Errorf("generated %d, want 5", rep.Generated)
	}
}
