package dedupe

// Compare reports what document b shares with document a, as Add would if
// a were the only earlier document: the exact Jaccard similarity and the
// passages, with Start and End in b and OtherStart and OtherEnd in a. It
// does not change the Detector and, with no corpus to learn from, judges
// no text as boilerplate by frequency. Compare is safe for concurrent use.
func (d *Detector) Compare(a, b Document) Match {
	m, _ := d.compare(a, b)
	return m
}

// Similarity grades how much of document b derives from document a, from
// 0 to 1: the larger of the share of b's shingles found in a
// (Match.Containment) and the share of b's words inside the passages
// Compare finds. It is safe for concurrent use.
func (d *Detector) Similarity(a, b Document) float64 {
	m, words := d.compare(a, b)
	if words == 0 {
		return 0
	}
	n := 0
	for _, p := range m.Passages {
		n += p.Words
	}
	return max(m.Containment, min(1, float64(n)/float64(words)))
}

// compare is Compare, also returning the number of words in b.
func (d *Detector) compare(a, b Document) (Match, int) {
	if d.err != nil {
		return Match{ID: a.ID}, 0
	}
	pa, pb := d.prepare(a, true), d.prepare(b, true)
	defer pa.release()
	ad := admissions.Get().(*admission)
	ad.p = pb
	defer ad.release()
	v := d.newVerifier(pb, true)
	defer v.release()
	words := len(pb.e.words)
	r, ok := v.verify(ad, pa.e, true)
	if !ok {
		return r.m, words
	}
	m, _, _ := d.finish(ad, &r)
	return m, words
}
