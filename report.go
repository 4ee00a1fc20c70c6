package dedupe

// A Pair is two documents that are near-duplicates or share passages:
// B was added after A. Match describes A as seen from B: its passages'
// Start and End are offsets into B, OtherStart and OtherEnd into A.
type Pair struct {
	A, B  string
	a, b  uint32
	Match Match
}

// Pairs returns every pair found so far, in the order found. The slice is
// the caller's; the Matches inside are shared and must not be modified.
func (d *Detector) Pairs() []Pair {
	d.gmu.Lock()
	defer d.gmu.Unlock()
	return d.pairs.appendTo(nil)
}

// Len returns the number of documents added.
func (d *Detector) Len() int {
	d.mu.RLock()
	defer d.mu.RUnlock()
	return len(d.docs)
}
