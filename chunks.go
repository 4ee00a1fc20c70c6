package dedupe

import (
	"iter"
	"slices"
)

// A chunkList is an append-only list kept in chunks of fixed size, so that
// growing it never copies what it holds: a push costs O(1) at worst, plus
// one chunk's allocation every chunkLen pushes. Long-running Detectors keep
// every pair they find; a slice grown by append would copy them all, and
// stall the Add that triggers the copy, each time it doubled.
//
// An element, once pushed, is never written again, and neither is a
// chunk's place in chunks: a copy of the list (its chunks' header and n),
// taken under the lock that guards push, can be read without the lock
// while later pushes go on (see all).
type chunkList[T any] struct {
	chunks []*[chunkLen]T
	n      int
}

// chunkLen is the number of elements in each chunk of a chunkList.
const chunkLen = 4096

// push appends x.
func (c *chunkList[T]) push(x T) {
	if c.n%chunkLen == 0 {
		c.chunks = append(c.chunks, new([chunkLen]T))
	}
	c.chunks[c.n/chunkLen][c.n%chunkLen] = x
	c.n++
}

// at returns element i, which must be below c.n.
func (c *chunkList[T]) at(i int) *T { return &c.chunks[i/chunkLen][i%chunkLen] }

// appendTo appends every element, in order, to dst.
func (c *chunkList[T]) appendTo(dst []T) []T {
	dst = slices.Grow(dst, c.n)
	for i, ch := range c.chunks {
		dst = append(dst, ch[:min(chunkLen, c.n-i*chunkLen)]...)
	}
	return dst
}

// all returns an iterator over the elements of c, a copy of a list taken
// under its lock: the elements it yields are not written by later pushes
// to the list it was copied from.
func (c chunkList[T]) all() iter.Seq[T] {
	return func(yield func(T) bool) {
		for i, ch := range c.chunks {
			for _, x := range ch[:min(chunkLen, c.n-i*chunkLen)] {
				if !yield(x) {
					return
				}
			}
		}
	}
}
