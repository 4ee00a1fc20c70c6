package dedupe

import (
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
