package dedupe

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestChunkList(t *testing.T) {
	for _, n := range []int{0, 1, chunkLen - 1, chunkLen, chunkLen + 1, 3*chunkLen + 7} {
		var c chunkList[int]
		want := []int{}
		for i := range n {
			c.push(i * 3)
			want = append(want, i*3)
		}
		require.Equal(t, n, c.n)
		require.Equal(t, want, c.appendTo([]int{}), "n=%d", n)
		require.Equal(t, append([]int{-1}, want...), c.appendTo([]int{-1}), "n=%d, appended", n)
		require.Equal(t, want, append([]int{}, slices.Collect(c.all())...), "n=%d, all", n)
		for i, x := range want {
			require.Equal(t, x, *c.at(i))
		}
		if n > 0 { // stopping early
			for x := range c.all() {
				require.Equal(t, 0, x)
				break
			}
		}
	}
}

// TestChunkListKill deletes elements at random, whole chunks among them,
// and checks what the list yields against a slice of the elements left,
// before and after compact.
func TestChunkListKill(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var c chunkList[int]
	const n = 5*chunkLen + 100
	for i := range n {
		c.push(i)
	}
	alive := make([]bool, n)
	for i := range alive {
		alive[i] = true
	}
	kill := func(i int) {
		if alive[i] {
			alive[i] = false
			c.kill(i)
		}
	}
	before := c // a copy taken before: keeps the chunks let go
	for i := chunkLen; i < 2*chunkLen; i++ {
		kill(i) // a whole chunk
	}
	for range 2 * n {
		kill(r.IntN(n))
	}
	for i := 4 * chunkLen; i < n; i++ {
		kill(i) // the last chunk, not full, is kept
	}
	var want []int
	for i, ok := range alive {
		if ok {
			want = append(want, i)
			require.Equal(t, i, *c.at(i))
		}
	}
	require.Nil(t, c.chunks[1], "a chunk of deleted elements is let go")
	require.NotNil(t, before.chunks[1], "but not from a copy taken before")
	require.NotNil(t, c.chunks[5], "the last chunk is kept")
	require.Equal(t, len(want), c.len())
	require.Equal(t, want, slices.Collect(c.all()))
	require.Equal(t, want, c.appendTo(nil))
	require.Equal(t, 4, c.heldChunks(), "chunks 1 and 4 let go")
	require.True(t, c.sparse())
	var moved []int
	c.compact(func(to int, x *int) {
		require.Len(t, moved, to)
		moved = append(moved, *x)
	})
	require.Equal(t, want, moved)
	require.Equal(t, want, c.appendTo(nil))
	require.False(t, c.sparse())
	for i, x := range want {
		require.Equal(t, x, *c.at(i))
	}
	c.push(-1)
	require.Equal(t, append(want, -1), slices.Collect(c.all()))
}
