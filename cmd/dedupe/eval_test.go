package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestEvalUsage: dedupe eval -h lists the flags after "Flags:" and says
// what files each corpus is read from.
func TestEvalUsage(t *testing.T) {
	for _, args := range [][]string{{"eval", "-h"}, {"eval", "clough", "-h"}} {
		code, _, errs := runCLI(t, args...)
		assert.Equal(t, 0, code, args)
		_, flags, ok := strings.Cut(errs, "\nFlags:\n")
		assert.True(t, ok, args)
		for _, f := range []string{"-detections FILE", "-limit", "-msrp-threshold", "-min-words", "-threshold"} {
			assert.Contains(t, flags, f, args)
		}
		for _, s := range []string{"susp.jsonl.gz", "pairs.tsv", "truth.tsv", "docs.jsonl", "pairs.jsonl", "Reuters-21578"} {
			assert.Contains(t, errs, s, args)
		}
	}
	code, _, errs := runCLI(t, "eval")
	assert.Equal(t, 2, code)
	assert.Contains(t, errs, "-msrp-threshold")
}

// TestEvalErrors: each error says once that it comes from dedupe eval.
func TestEvalErrors(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"eval", "clough", dir}, "dedupe eval: open " + filepath.Join(dir, "docs.jsonl") + ": no such file or directory\n"},
		{[]string{"eval", "msrp", dir}, "dedupe eval: open " + filepath.Join(dir, "pairs.jsonl") + ": no such file or directory\n"},
		{[]string{"eval", "pan13", dir}, "dedupe eval: open " + filepath.Join(dir, "pairs.tsv") + ": no such file or directory\n"},
		{[]string{"eval", "reuters", filepath.Join(dir, "x.jsonl")}, "dedupe eval: open " + filepath.Join(dir, "x.jsonl") + ": no such file or directory\n"},
		{[]string{"eval", "pan13", "-detections", filepath.Join(dir, "no", "d.tsv"), "../../testdata/seeds"}, "dedupe eval: -detections: open " + filepath.Join(dir, "no", "d.tsv") + ": no such file or directory\n"},
		{[]string{"eval", "trec", dir}, "dedupe eval: unknown corpus \"trec\" (want pan13, clough, msrp or reuters)\n"},
	}
	for _, tt := range tests {
		code, _, errs := runCLI(t, tt.args...)
		assert.Equal(t, 2, code, tt.args)
		assert.Equal(t, tt.want, errs, tt.args)
	}
}
