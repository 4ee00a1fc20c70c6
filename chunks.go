package dedupe

import "slices"

// A chunkList is an append-only list kept in chunks of fixed size, so that
// growing it never copies what it holds: a push costs O(1) at worst, plus
// one chunk's allocation every chunkLen pushes. Long-running Detectors keep
// every pair they find; a slice grown by append would copy them all, and
// stall the Add that triggers the copy, each time it doubled.
type chunkList[T any] struct {
	chunks [][]T
	n      int
}

// chunkLen is the number of elements in each chunk of a chunkList.
const chunkLen = 4096

// push appends x.
func (c *chunkList[T]) push(x T) {
	if c.n%chunkLen == 0 {
		c.chunks = append(c.chunks, make([]T, 0, chunkLen))
	}
	last := &c.chunks[len(c.chunks)-1]
	*last = append(*last, x)
	c.n++
}

// appendTo appends every element, in order, to dst.
func (c *chunkList[T]) appendTo(dst []T) []T {
	dst = slices.Grow(dst, c.n)
	for _, ch := range c.chunks {
		dst = append(dst, ch...)
	}
	return dst
}
