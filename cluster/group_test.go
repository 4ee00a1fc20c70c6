package cluster

import (
	"math/rand/v2"
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
