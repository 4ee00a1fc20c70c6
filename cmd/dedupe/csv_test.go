package main

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSeedsCSV(t *testing.T) {
	code, out, errs := runCLI(t, "-progress=never", "-format=csv", "../../testdata/seeds")
	assert.Equal(t, 0, code, errs)
	assert.Empty(t, errs)
	golden(t, "seeds.csv", out)
}

// TestCSVQuoting: an ID with a comma, a quote and a newline comes back
// whole from encoding/csv.Reader, and a near-duplicate pair without
// passages (-near-only) has one row with empty offsets.
func TestCSVQuoting(t *testing.T) {
	seed, err := os.ReadFile("../../testdata/seeds/000_0f95fddf84ee6d2d.txt")
	require.NoError(t, err)
	ids := []string{`wire, "first"` + "\nedition", "café"}
	var in strings.Builder
	for _, id := range ids {
		line, err := json.Marshal(map[string]string{"id": id, "text": string(seed)})
		require.NoError(t, err)
		in.Write(append(line, '\n'))
	}
	for _, tt := range []struct {
		flag string
		want []string
	}{
		{"-near-only=false", []string{"0", "2422", "0", "2422", "376"}},
		{"-near-only", []string{"", "", "", "", ""}},
	} {
		code, out, errs := runCLIInput(t, in.String(), "-progress=never", "-format=csv", tt.flag, "-")
		assert.Equal(t, 0, code, errs)
		rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
		require.NoError(t, err, out)
		require.Len(t, rows, 2, out)
		assert.Equal(t, csvHeader, rows[0])
		want := append(append([]string{ids[0], ids[1]}, tt.want...), "1", "c1")
		assert.Equal(t, want, rows[1], tt.flag)
	}
}
