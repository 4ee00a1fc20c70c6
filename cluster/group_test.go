package cluster

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestGrouperStableNumbers(t *testing.T) {
	var g Grouper
	assert.Equal(t, 0, g.Add(0, nil))
	assert.Equal(t, 0, g.Add(1, nil))
	assert.Equal(t, 1, g.Add(2, []Link{{Doc: 0, Start: 0, End: 50, Words: 50}}))
	assert.Equal(t, 2, g.Add(3, []Link{{Doc: 1, Start: 0, End: 50, Words: 50}}))
	assert.Equal(t, 1, g.Cluster(0))
	assert.Equal(t, 2, g.Cluster(1))
	// A document copying the same region of both merges them: the older
	// number wins.
	assert.Equal(t, 1, g.Add(4, []Link{{Doc: 3, Start: 0, End: 40, Words: 60}, {Doc: 2, Start: 5, End: 45, Words: 40}}))
	for id := range uint32(5) {
		assert.Equal(t, 1, g.Cluster(id), "doc %d", id)
	}
	nums, members := g.Clusters()
	assert.Equal(t, []int{1}, nums)
	assert.Equal(t, [][]uint32{{0, 1, 2, 3, 4}}, members)
}

func TestGrouperRoundUpDoesNotChain(t *testing.T) {
	var g Grouper
	g.Add(0, nil)
	g.Add(1, nil)
	g.Add(2, []Link{{Doc: 0, Start: 0, End: 100, Words: 100}}) // cluster 1: 0, 2
	g.Add(3, []Link{{Doc: 1, Start: 0, End: 100, Words: 100}}) // cluster 2: 1, 3
	// A round-up quoting both stories in different regions joins the one
	// it quotes most and merges nothing.
	n := g.Add(4, []Link{{Doc: 0, Start: 0, End: 30, Words: 30}, {Doc: 1, Start: 200, End: 260, Words: 60}})
	assert.Equal(t, 2, n)
	assert.Equal(t, 1, g.Cluster(0))
	assert.Equal(t, 2, g.Cluster(1))
	nums, members := g.Clusters()
	assert.Equal(t, []int{1, 2}, nums)
	assert.Equal(t, [][]uint32{{0, 2}, {1, 3, 4}}, members)
}

func TestSource(t *testing.T) {
	t0 := time.Date(2021, 11, 26, 12, 0, 0, 0, time.UTC)
	_, ok := Source(nil)
	assert.False(t, ok)
	// With times: the earliest.
	id, _ := Source([]Member{{ID: 0, Time: t0.Add(time.Hour), Shared: 500}, {ID: 1, Time: t0, Shared: 10}})
	assert.Equal(t, uint32(1), id)
	// A missing time: the most complete copy, then the first added.
	id, _ = Source([]Member{{ID: 0, Time: t0, Shared: 10}, {ID: 1, Shared: 500}, {ID: 2, Shared: 500}})
	assert.Equal(t, uint32(1), id)
	// The member that holds the others' passages, whatever it shares in
	// sum: three parts of a text, added before it.
	id, _ = Source([]Member{{ID: 0, Held: 900, Shared: 1800}, {ID: 1, Held: 1000, Shared: 1800}, {ID: 2, Held: 800, Shared: 1600}, {ID: 3, Held: 2700, Shared: 2700}})
	assert.Equal(t, uint32(3), id)
	// Holding a byline more (within heldSlack) does not make a copy the
	// source: the first added is.
	id, _ = Source([]Member{{ID: 0, Held: 2000, Shared: 4000}, {ID: 1, Held: 2200, Shared: 4400}})
	assert.Equal(t, uint32(0), id)
	// Equal times: containment decides, as without times.
	id, _ = Source([]Member{{ID: 0, Time: t0, Held: 900}, {ID: 1, Time: t0, Held: 2700}, {ID: 2, Time: t0.Add(-time.Hour), Held: 10}})
	assert.Equal(t, uint32(2), id)
	id, _ = Source([]Member{{ID: 0, Time: t0, Held: 900}, {ID: 1, Time: t0, Held: 2700}, {ID: 2, Time: t0.Add(time.Hour), Held: 9000}})
	assert.Equal(t, uint32(1), id)
}

// TestGrouperLen checks Len against Clusters after every Add of a random
// stream of links, merges included.
func TestGrouperLen(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var g Grouper
	assert.Equal(t, 0, g.Len())
	for id := range uint32(2000) {
		var links []Link
		for range rng.IntN(4) {
			if id == 0 {
				break
			}
			s := rng.IntN(100)
			links = append(links, Link{Doc: rng.Uint32N(id), Start: s, End: s + 1 + rng.IntN(100), Words: 1 + rng.IntN(100)})
		}
		g.Add(id, links)
		nums, _ := g.Clusters()
		if !assert.Equal(t, len(nums), g.Len(), "after document %d", id) {
			return
		}
	}
	assert.Greater(t, g.Len(), 10)
}

// TestGrouperSplit splits, out of random streams of links, the cluster of
// the last document added, leaving that document out: the Grouper must
// then hold what a Grouper that never saw the document holds, every
// cluster with the same members, and the same numbers but for the
// clusters the document had merged, which take new ones but the first.
func TestGrouperSplit(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	links := func(id uint32) []Link {
		var ls []Link
		for range rng.IntN(4) {
			if id == 0 {
				break
			}
			s := rng.IntN(100)
			ls = append(ls, Link{Doc: rng.Uint32N(id), Start: s, End: s + 1 + rng.IntN(100), Words: 1 + rng.IntN(100)})
		}
		return ls
	}
	merged := 0
	for round := range 300 {
		n := uint32(5 + rng.IntN(60))
		var g, want Grouper
		all := make([][]Link, n)
		for id := range n {
			all[id] = links(id)
			g.Add(id, all[id])
			if id < n-1 {
				want.Add(id, all[id])
			}
		}
		x := n - 1
		num := g.Cluster(x)
		nextBefore := g.next
		var members, rest []uint32
		for id := range n {
			if num != 0 && g.Cluster(id) == num {
				members = append(members, id)
				if id != x {
					rest = append(rest, id)
				}
			}
		}
		g.Split(members, rest, func(id uint32) []Link {
			var ls []Link
			for _, l := range all[id] {
				if l.Doc != x {
					ls = append(ls, l)
				}
			}
			return ls
		})
		assert.Zero(t, g.Cluster(x), "round %d: the document left out is alone", round)
		wantNums, wantMembers := want.Clusters()
		gotNums, gotMembers := g.Clusters()
		assert.Equal(t, len(wantNums), g.Len(), "round %d", round)
		if !assert.Equal(t, len(wantNums), len(gotNums), "round %d", round) {
			return
		}
		byMembers := map[string]int{}
		for i, ms := range gotMembers {
			byMembers[fmt.Sprint(ms)] = gotNums[i]
		}
		parts := 0
		for i, ms := range wantMembers {
			got, ok := byMembers[fmt.Sprint(ms)]
			if !assert.True(t, ok, "round %d: cluster %v", round, ms) {
				return
			}
			if !slices.Contains(rest, ms[0]) {
				assert.Equal(t, wantNums[i], got, "round %d: a cluster apart keeps its number", round)
				continue
			}
			if parts++; parts == 1 {
				assert.Equal(t, num, got, "round %d: the first part keeps the number", round)
			} else {
				assert.Greater(t, got, int(nextBefore), "round %d: a new number", round)
				merged++
			}
		}
		assert.Positive(t, g.Add(n, []Link{{Doc: 0, End: 1, Words: 1}}), "round %d: Add after Split", round)
	}
	assert.Positive(t, merged, "some documents merged clusters")
}

// TestGrouperTrim lets go of documents split out of their clusters: the
// others keep their clusters, members and numbers.
func TestGrouperTrim(t *testing.T) {
	var g Grouper
	g.Add(0, nil)
	g.Add(1, nil)
	g.Add(2, []Link{{Doc: 0, End: 10, Words: 10}}) // c1: 0 2
	g.Add(3, []Link{{Doc: 1, End: 10, Words: 10}}) // c2: 1 3
	g.Split([]uint32{0, 2}, nil, nil)
	g.Trim(1)
	assert.Zero(t, g.Cluster(0))
	assert.Equal(t, 2, g.Cluster(3))
	assert.Equal(t, 2, g.Add(4, []Link{{Doc: 3, End: 10, Words: 10}}))
	g.Split([]uint32{1, 3, 4}, []uint32{3, 4}, func(id uint32) []Link {
		if id == 4 {
			return []Link{{Doc: 3, End: 10, Words: 10}}
		}
		return nil
	})
	g.Trim(3)
	assert.Len(t, g.parent, 2)
	nums, members := g.Clusters()
	assert.Equal(t, []int{2}, nums)
	assert.Equal(t, [][]uint32{{3, 4}}, members)
	assert.Equal(t, 1, g.Len())
	assert.Zero(t, g.Cluster(1))
	assert.Equal(t, 2, g.Add(5, []Link{{Doc: 4, End: 10, Words: 10}}))
	assert.Equal(t, 3, g.Add(7, []Link{{Doc: 6, End: 10, Words: 10}}), "a new cluster")
}

// TestHeld holds Held to a brute-force count of the offsets that spans
// cover.
func TestHeld(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 1000 {
		var spans [][2]int
		covered := map[int]bool{}
		for range r.IntN(6) {
			s := r.IntN(50)
			e := s + r.IntN(20)
			spans = append(spans, [2]int{s, e})
			for i := s; i < e; i++ {
				covered[i] = true
			}
		}
		if got := Held(spans); got != len(covered) {
			t.Fatalf("Held(%v) = %d, want %d", spans, got, len(covered))
		}
	}
}

// TestGrouperBinary: a Grouper restored from its state (AppendBinary,
// UnmarshalBinary) groups the documents after as the Grouper itself does:
// the same clusters, numbers and splits.
func TestGrouperBinary(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	var g Grouper
	add := func(g *Grouper, id uint32, links []Link) int { return g.Add(id, links) }
	links := func(id uint32) []Link {
		var ls []Link
		for range rng.IntN(3) {
			if id > 0 {
				s := rng.IntN(50)
				ls = append(ls, Link{Doc: uint32(rng.IntN(int(id))), Start: s, End: s + 20, Words: 20})
			}
		}
		return ls
	}
	for id := range uint32(200) {
		add(&g, id, links(id))
	}
	// The clusters of the first 64 lose them (a first part keeps its
	// number, the others take new ones), which are then trimmed.
	_, members := g.Clusters()
	for _, ms := range members {
		if ms[0] < 64 {
			rest := slices.DeleteFunc(slices.Clone(ms), func(m uint32) bool { return m < 64 })
			g.Split(ms, rest, func(m uint32) []Link {
				if m%3 == 0 {
					return nil
				}
				return []Link{{Doc: rest[0], End: 10, Words: 10}}
			})
		}
	}
	g.Trim(64)
	b, err := g.AppendBinary(nil)
	assert.NoError(t, err)
	var h Grouper
	assert.NoError(t, h.UnmarshalBinary(b))
	for id := uint32(200); id < 400; id++ {
		ls := links(id)
		ls = slices.DeleteFunc(ls, func(l Link) bool { return l.Doc < 64 })
		assert.Equal(t, g.Add(id, ls), h.Add(id, ls), "document %d", id)
	}
	gn, gm := g.Clusters()
	hn, hm := h.Clusters()
	assert.Equal(t, gn, hn)
	assert.Equal(t, gm, hm)
	assert.Equal(t, g.Len(), h.Len())
	for _, bad := range [][]byte{nil, {0}, {0, 0}, {0, 0, 1}, {0, 0, 2, 0, 0, 2}, {0, 1, 1, 0, 2}, {0, 2, 2, 0, 1, 0, 1}, append(b, 0)} {
		var x Grouper
		assert.Error(t, x.UnmarshalBinary(bad), "%v", bad)
	}
}

// FuzzGrouperBinary: UnmarshalBinary never panics, and a state it accepts
// gives a Grouper that groups further documents without panicking.
func FuzzGrouperBinary(f *testing.F) {
	var g Grouper
	g.Add(0, nil)
	g.Add(1, []Link{{Doc: 0, End: 10, Words: 10}})
	b, _ := g.AppendBinary(nil)
	f.Add(b)
	f.Fuzz(func(t *testing.T, b []byte) {
		var g Grouper
		if g.UnmarshalBinary(b) != nil {
			return
		}
		id := g.base + uint32(len(g.parent))
		if id > 1<<20 {
			return
		}
		g.Add(id, []Link{{Doc: g.base, End: 10, Words: 10}})
		g.Clusters()
	})
}
