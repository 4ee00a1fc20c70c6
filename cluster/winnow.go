package cluster

// Winnow appends to dst the fingerprints that winnowing (Schleimer,
// Wilkerson and Aiken 2003) selects from hashes, the shingle hashes of one
// document in order: the minimum of every window of w consecutive hashes
// (the rightmost one on ties), each selected position once. Any run of at
// least w consecutive shingles that two documents share yields at least
// one common fingerprint; about 2/(w+1) of the hashes are kept. A document
// with fewer than w shingles keeps its minimum. w <= 1 keeps every hash.
// Cost: O(len(hashes)) time, no allocation beyond growing dst.
func Winnow(dst []uint64, hashes []uint64, w int) []uint64 {
	return winnow(dst, hashes, w, false)
}

// WinnowAt is Winnow returning positions: it appends to dst, in increasing
// order, the positions in hashes of the fingerprints Winnow selects.
func WinnowAt(dst []int32, hashes []uint64, w int) []int32 {
	return winnow(dst, hashes, w, true)
}

// winnow appends what Winnow selects to dst: the positions if at is set,
// else the hashes.
func winnow[T int32 | uint64](dst []T, hashes []uint64, w int, at bool) []T {
	if len(hashes) == 0 {
		return dst
	}
	if w <= 1 {
		for i, h := range hashes {
			dst = append(dst, pick[T](i, h, at))
		}
		return dst
	}
	if len(hashes) < w {
		w = len(hashes)
	}
	// A monotone deque of positions with increasing hashes would be O(n);
	// windows are small, so a rescan on expiry is simpler and as fast.
	minPos := -1
	last := -1
	for end := w - 1; end < len(hashes); end++ {
		start := end - w + 1
		if minPos < start {
			minPos = start
			for i := start + 1; i <= end; i++ {
				if hashes[i] <= hashes[minPos] {
					minPos = i
				}
			}
		} else if hashes[end] <= hashes[minPos] {
			minPos = end
		}
		if minPos != last {
			dst = append(dst, pick[T](minPos, hashes[minPos], at))
			last = minPos
		}
	}
	return dst
}

// pick returns position i as a T if at is set, else its hash h.
func pick[T int32 | uint64](i int, h uint64, at bool) T {
	if at {
		return T(i)
	}
	return T(h)
}
