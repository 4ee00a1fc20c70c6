// Package peertest is the peer runners' shared test.
package peertest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/newsreuse/dedupe/bench/internal/exact"
	"github.com/newsreuse/dedupe/bench/internal/peer"
	"github.com/newsreuse/dedupe/bench/internal/sets"
	"github.com/newsreuse/dedupe/bench/internal/testcorpus"
)

// A Finder is a peer runner's search: it reports the near-duplicate pairs
// among the documents it receives.
type Finder func(f peer.Flags, in <-chan sets.Doc, out *peer.Writer) (docs int, nbytes int64)

// TestFinder runs find on a generated corpus with planted near-duplicates
// under each check mode and returns an error if its pairs break what the
// mode promises: with the exact check, only pairs at Jaccard ≥ 0.8 and at
// least minRecall of them, every identical pair included; with the estimate
// check, only pairs whose estimate is ≥ 0.8. It is the peer runners' test,
// here so that both share it.
func Check(find Finder, minRecall float64) error {
	docs := testcorpus.Docs(5, 60)
	var all [][]uint64
	index := map[string]int{}
	for i, d := range docs {
		all = append(all, d.Set)
		index[d.ID] = i
	}
	truth := exact.Pairs(all, 0.8)
	if len(truth) < 20 {
		return fmt.Errorf("test corpus has %d pairs at 0.8; want more", len(truth))
	}
	want := map[[2]int]float64{}
	for _, p := range truth {
		want[[2]int{p.A, p.B}] = p.Jaccard
	}
	for _, mode := range []string{peer.VerifyExact, peer.VerifyEstimate, peer.VerifyNone} {
		var buf bytes.Buffer
		w := peer.NewWriter(&buf)
		n, nbytes := find(peer.Flags{Threshold: 0.8, Perms: 128, Verify: mode}, testcorpus.Chan(docs), w)
		if err := w.Close(n, nbytes); err != nil {
			return err
		}
		if n != len(docs) {
			return fmt.Errorf("%s: %d documents, want %d", mode, n, len(docs))
		}
		got := map[[2]int]float64{}
		sc := bufio.NewScanner(&buf)
		for sc.Scan() {
			var rec struct{ Type, A, B string }
			var j struct {
				Jaccard float64 `json:"jaccard"`
			}
			if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
				return err
			}
			json.Unmarshal(sc.Bytes(), &j)
			if rec.Type != "pair" {
				continue
			}
			a, b := index[rec.A], index[rec.B]
			if a >= b {
				return fmt.Errorf("%s: pair %s, %s not in document order", mode, rec.A, rec.B)
			}
			if _, dup := got[[2]int{a, b}]; dup {
				return fmt.Errorf("%s: pair %s, %s reported twice", mode, rec.A, rec.B)
			}
			got[[2]int{a, b}] = j.Jaccard
		}
		found := 0
		for p, jg := range got {
			jw, ok := want[p]
			switch {
			case ok:
				found++
			case mode == peer.VerifyExact:
				return fmt.Errorf("exact: pair %s, %s has Jaccard %.3f < 0.8", docs[p[0]].ID, docs[p[1]].ID, exact.Jaccard(all[p[0]], all[p[1]]))
			}
			if mode == peer.VerifyExact && jg != float64(int64(jw*10000+0.5))/10000 {
				return fmt.Errorf("exact: pair %s, %s reported at %v, is %v", docs[p[0]].ID, docs[p[1]].ID, jg, jw)
			}
			if mode == peer.VerifyEstimate && jg < 0.8 {
				return fmt.Errorf("estimate: pair %s, %s reported at %v < 0.8", docs[p[0]].ID, docs[p[1]].ID, jg)
			}
		}
		if mode == peer.VerifyExact {
			for p, jw := range want {
				if _, ok := got[p]; !ok && jw == 1 {
					return fmt.Errorf("exact: identical pair %s, %s not found", docs[p[0]].ID, docs[p[1]].ID)
				}
			}
			if r := float64(found) / float64(len(want)); r < minRecall {
				keys := slices.Collect(func(yield func([2]int) bool) {
					for p := range want {
						if _, ok := got[p]; !ok && !yield(p) {
							return
						}
					}
				})
				return fmt.Errorf("exact: recall %.3f < %.3f (%d of %d; missed %v)", r, minRecall, found, len(want), keys)
			}
		}
	}
	return nil
}
