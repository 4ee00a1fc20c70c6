package cluster

// edgeCosine is the cosine similarity above which the sentence pair next
// to a passage, on both sides, joins it. Below MinCosine: a seed must
// stand alone, an edge pair has the passage beside it.
const edgeCosine = 0.15

// edgeSteps is how many sentence pairs a passage grows by at each end.
const edgeSteps = 2

// extendEdges grows each passage in w.frags by the sentence pairs just
// before and after it, on both sides at once, while they are alike
// (cosine above edgeCosine), up to edgeSteps pairs at each end, and
// belong to no other passage: obfuscation leaves the sentences at the
// edges of a reused passage too changed to seed, yet they are part of it.
// Cost: O(terms) of the sentences tried, for each passage.
func (w *sentAligner) extendEdges(a, b *Sentences, na int32) {
	for k := range w.frags {
		f := &w.frags[k]
		for step := 0; step < edgeSteps && f.i0 > 0 && f.j0 > 0 && w.free(f.i0-1, f.j0-1, k) && w.cosine(f.i0-1, na+f.j0-1) > edgeCosine; step++ {
			f.i0--
			f.j0--
		}
		for step := 0; step < edgeSteps && int(f.i1)+1 < len(a.sents) && int(f.j1)+1 < len(b.sents) && w.free(f.i1+1, f.j1+1, k) && w.cosine(f.i1+1, na+f.j1+1) > edgeCosine; step++ {
			f.i1++
			f.j1++
		}
	}
}

// free reports whether sentence i of a and sentence j of b lie outside
// every passage in w.frags but the k-th.
func (w *sentAligner) free(i, j int32, k int) bool {
	for n, g := range w.frags {
		if n != k && (g.i0 <= i && i <= g.i1 || g.j0 <= j && j <= g.j1) {
			return false
		}
	}
	return true
}

// cosine returns the cosine similarity of the tf-isf vectors of sentences
// x and y, numbered over both texts (a's first, then b's).
func (w *sentAligner) cosine(x, y int32) float64 {
	den := w.norm[x] * w.norm[y]
	if den == 0 {
		return 0
	}
	vx, vy := w.vec[w.off[x]:w.off[x+1]], w.vec[w.off[y]:w.off[y+1]]
	dot := 0.0
	for p, q := 0, 0; p < len(vx) && q < len(vy); {
		switch {
		case vx[p].id < vy[q].id:
			p++
		case vx[p].id > vy[q].id:
			q++
		default:
			dot += vx[p].w * vy[q].w
			p++
			q++
		}
	}
	return dot / den
}
