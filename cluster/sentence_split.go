package cluster

// splitContain is the share of a sentence's weight (tf-isf) that must lie
// in the terms of the sentence next to its neighbour's partner for the two
// to pair as the halves of a split sentence.
const splitContain = 0.5

// splitSeeds adds, for each sentence's best seed, the sentence next to
// the partner, on either side, when no seed holds it and most of its
// weight lies in terms of the sentence: a sentence split in two, or two
// joined into one, pairs with both halves, though the smaller half alone
// is too little like the whole to seed. It runs after prune (rowBest and
// colBest hold each sentence's best seed). Cost: O(terms) of the
// sentences tried, two for each sentence with a seed.
func (w *sentAligner) splitSeeds(na, nb int) {
	for i := range na {
		if w.rowMax[i] == 0 {
			continue
		}
		j := w.rowBest[i]
		for _, k := range [2]int32{j - 1, j + 1} {
			if k >= 0 && int(k) < nb && w.colMax[k] == 0 && w.contained(int32(na)+k, int32(i)) >= splitContain {
				w.seeds = append(w.seeds, sseed{int32(i), k, w.cosine(int32(i), int32(na)+k)})
			}
		}
	}
	for j := range nb {
		if w.colMax[j] == 0 {
			continue
		}
		i := w.colBest[j]
		for _, k := range [2]int32{i - 1, i + 1} {
			if k >= 0 && int(k) < na && w.rowMax[k] == 0 && w.contained(k, int32(na+j)) >= splitContain {
				w.seeds = append(w.seeds, sseed{k, int32(j), w.cosine(k, int32(na+j))})
			}
		}
	}
}

// contained returns the share of the weight of sentence x's vector that
// lies in terms of sentence y, both numbered over both texts.
func (w *sentAligner) contained(x, y int32) float64 {
	vx, vy := w.vec[w.off[x]:w.off[x+1]], w.vec[w.off[y]:w.off[y+1]]
	var in, all float64
	for p, q := 0, 0; p < len(vx); p++ {
		for q < len(vy) && vy[q].id < vx[p].id {
			q++
		}
		all += vx[p].w
		if q < len(vy) && vy[q].id == vx[p].id {
			in += vx[p].w
		}
	}
	if all == 0 {
		return 0
	}
	return in / all
}
