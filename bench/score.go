package main

import (
	"encoding/json"
)

// A pairKey is an unordered pair of document IDs, smaller first.
type pairKey struct{ a, b string }

func key(a, b string) pairKey {
	if a > b {
		a, b = b, a
	}
	return pairKey{a, b}
}

// A score compares the near-duplicate pairs a tool reported with the exact
// ones.
type score struct {
	reported, correct, truth int
	other                    int // pairs reported as sharing passages only
}

func (s score) recall() float64    { return ratio(s.correct, s.truth) }
func (s score) precision() float64 { return ratio(s.correct, s.reported) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

// scorePairs scores reported pairs against the true ones. A pair reported
// twice, in either order, counts once.
func scorePairs(truth, reported []pairKey) score {
	want := make(map[pairKey]bool, len(truth))
	for _, p := range truth {
		want[key(p.a, p.b)] = true
	}
	got := make(map[pairKey]bool, len(reported))
	for _, p := range reported {
		got[key(p.a, p.b)] = true
	}
	s := score{reported: len(got), truth: len(want)}
	for p := range got {
		if want[p] {
			s.correct++
		}
	}
	return s
}

// readPairs reads the pair records of a tool's JSON lines output and
// returns those marked near-duplicate and the others (dedupe's
// passage-only pairs).
func readPairs(path string) (near, other []pairKey, err error) {
	err = eachRecord(path, func(typ string, line []byte) error {
		if typ != "pair" {
			return nil
		}
		var p struct {
			A, B          string
			NearDuplicate bool `json:"near_duplicate"`
		}
		if err := json.Unmarshal(line, &p); err != nil {
			return err
		}
		if p.NearDuplicate {
			near = append(near, key(p.A, p.B))
		} else {
			other = append(other, key(p.A, p.B))
		}
		return nil
	})
	return near, other, err
}
