package dedupe

import (
	"iter"
	"slices"
	"sync/atomic"
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
//
// Elements are deleted by marking them (kill): readers skip them. A chunk
// whose elements are all deleted is let go, in a copy of chunks, so that
// copies of the list taken before keep theirs; an element's position stays
// the same. Deleted elements of chunks still held are dropped by compact,
// which renumbers the others.
type chunkList[T any] struct {
	chunks []*chunk[T] // nil for a chunk let go
	live   []int32     // per chunk: its elements not deleted; not copied with the list
	n      int         // elements pushed
	killed int         // elements deleted
	held   int         // of them, those in chunks still held
}

// A chunk holds chunkLen elements and a bit for each, set once the element
// is deleted. The bits are read and written atomically: a copy of the list
// reads them without the lock.
type chunk[T any] struct {
	items [chunkLen]T
	dead  [chunkLen / 64]atomic.Uint64
}

// chunkLen is the number of elements in each chunk of a chunkList. A
// chunk is allocated whole, so the last one's free part is memory held
// for nothing: 1,024 pairs (pairBytes each, about 120 KB) rather than 4,096 kept a
// Detector's live heap within 9 % of its first window's over ten windows
// of 2,200 documents held, where 4,096 gave 11.4 % (BenchmarkRetention),
// at the same speed (generated 100 MB, three runs each: 5.1-5.5 s both).
const chunkLen = 1024

// push appends x.
func (c *chunkList[T]) push(x T) {
	if c.n%chunkLen == 0 {
		c.chunks = append(c.chunks, new(chunk[T]))
		c.live = append(c.live, 0)
	}
	c.chunks[c.n/chunkLen].items[c.n%chunkLen] = x
	c.live[c.n/chunkLen]++
	c.n++
}

// at returns element i, which must be below c.n and not deleted.
func (c *chunkList[T]) at(i int) *T { return &c.chunks[i/chunkLen].items[i%chunkLen] }

// alive reports whether the element at i, below n, is not deleted.
func (c *chunkList[T]) alive(i int) bool {
	ch := c.chunks[i/chunkLen]
	return ch != nil && ch.dead[i%chunkLen/64].Load()&(1<<(i%64)) == 0
}

// len returns the number of elements not deleted.
func (c *chunkList[T]) len() int { return c.n - c.killed }

// heldChunks returns the number of chunks held.
func (c *chunkList[T]) heldChunks() int { return len(c.chunks) - (c.killed-c.held)/chunkLen }

// kill deletes element i, which must be below c.n and not deleted. Cost:
// O(1), or O(chunks) when its chunk is let go.
func (c *chunkList[T]) kill(i int) {
	k, j := i/chunkLen, i%chunkLen
	ch := c.chunks[k]
	ch.dead[j/64].Or(1 << (j % 64))
	c.killed++
	c.held++
	if c.live[k]--; c.live[k] == 0 && c.n >= (k+1)*chunkLen {
		c.chunks = slices.Clone(c.chunks)
		c.chunks[k] = nil
		c.held -= chunkLen
	}
}

// sparse reports whether the deleted elements held are more than a
// quarter of the others, and more than an eighth of a chunk: compact then
// copies at most four elements for each deleted one it drops (O(1)
// amortized), and a list that loses old elements as it gains new ones (a
// Detector with Options.Retention) holds at most 5/4 of its elements'
// memory, plus two chunks.
func (c *chunkList[T]) sparse() bool {
	return c.held > chunkLen/8 && 4*c.held > c.len()
}

// compact drops the deleted elements, keeping the order of the others, and
// calls moved with each one's new position, in increasing order. Copies
// of the list taken before keep what they hold. Cost: O(elements held).
func (c *chunkList[T]) compact(moved func(to int, x *T)) {
	var out chunkList[T]
	for x := range c.all() {
		out.push(x)
		moved(out.n-1, out.at(out.n-1))
	}
	*c = out
}

// appendTo appends every element not deleted, in order, to dst.
func (c *chunkList[T]) appendTo(dst []T) []T {
	dst = slices.Grow(dst, c.len())
	if c.killed == 0 {
		for i, ch := range c.chunks {
			dst = append(dst, ch.items[:min(chunkLen, c.n-i*chunkLen)]...)
		}
		return dst
	}
	for x := range c.all() {
		dst = append(dst, x)
	}
	return dst
}

// all returns an iterator over the elements of c not deleted, c a copy
// of a list taken under its lock: the elements it yields are not written
// by later pushes to the list it was copied from. An element deleted from
// that list while all runs may or may not be yielded.
func (c chunkList[T]) all() iter.Seq[T] {
	return func(yield func(T) bool) {
		for i, ch := range c.chunks {
			if ch == nil {
				continue
			}
			items := ch.items[:min(chunkLen, c.n-i*chunkLen)]
			for w := 0; w < len(items); w += 64 {
				dead := ch.dead[w/64].Load()
				for j, x := range items[w:min(w+64, len(items))] {
					if dead&(1<<j) != 0 {
						continue
					}
					if !yield(x) {
						return
					}
				}
			}
		}
	}
}
