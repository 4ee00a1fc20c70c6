package cluster

import (
	"cmp"
	"encoding/binary"
	"fmt"
	"math"
	"slices"
	"time"
)

// A Link is verified evidence that a new document shares text with an
// earlier one: the new document's tokens [Start, End) match document Doc,
// with Words matched tokens. A near-duplicate link spans the whole document.
type Link struct {
	Doc        uint32
	Start, End int
	Words      int
}

// A Grouper assigns documents to clusters as they arrive, one document at a
// time, from the links of each new document to earlier ones. Cluster
// numbers start at 1, are never reused, and stay stable: a document keeps
// its cluster number until its cluster merges into an older cluster, whose
// number the merged cluster keeps.
//
// Grouping does not chain unrelated stories through one document that
// reuses several of them (a round-up quoting two wire stories): a new
// document joins the cluster it shares the most text with, and a second
// cluster merges with that one only if the new document shares the same
// region of its text with both.
//
// The zero Grouper is empty and ready to use. It is not safe for
// concurrent use.
type Grouper struct {
	parent []uint32 // by document from base: the next towards its root
	num    []int32  // by document from base: cluster number of a root; 0 for a singleton
	base   uint32   // the documents below are forgotten (Trim)
	next   int32
	n      int // clusters of two or more documents: numbers in use
}

func (g *Grouper) grow(id uint32) {
	for g.base+uint32(len(g.parent)) <= id {
		g.parent = append(g.parent, g.base+uint32(len(g.parent)))
		g.num = append(g.num, 0)
	}
}

func (g *Grouper) root(id uint32) uint32 {
	for g.parent[id-g.base] != id {
		// Path halving, writing only what changes: once Flatten has
		// pointed every document at its root, finding one writes
		// nothing.
		p := g.parent[id-g.base]
		gp := g.parent[p-g.base]
		if gp != p {
			g.parent[id-g.base] = gp
		}
		id = gp
	}
	return id
}

// Flatten points every document at the root of its cluster, so that,
// until the next Add, Split or Trim, Cluster writes nothing and may be
// called from several goroutines at once. Cost: O(n) for n documents.
func (g *Grouper) Flatten() {
	for i := range g.parent {
		g.parent[i] = g.root(g.base + uint32(i))
	}
}

// union merges the clusters of a and b and returns the new root. The
// merged cluster keeps the older (smaller) cluster number, or gets a new
// one if both were singletons.
func (g *Grouper) union(a, b uint32) uint32 {
	ra, rb := g.root(a), g.root(b)
	if ra == rb {
		return ra
	}
	na, nb := g.num[ra-g.base], g.num[rb-g.base]
	n := na
	switch {
	case na == 0 && nb == 0:
		g.next++
		n = g.next
		g.n++
	case na == 0 || nb != 0 && nb < na:
		n = nb
	}
	if na != 0 && nb != 0 {
		g.n-- // two clusters become one
	}
	if rb < ra {
		ra, rb = rb, ra
	}
	g.parent[rb-g.base] = ra
	g.num[ra-g.base] = n
	g.num[rb-g.base] = 0
	return ra
}

// Add records document id with its links to earlier documents and returns
// its cluster number, 0 if it is in no cluster. Cost: O(len(links)²) in the
// worst case, near O(len(links)) in practice.
func (g *Grouper) Add(id uint32, links []Link) int {
	g.grow(id)
	if len(links) == 0 {
		return int(g.num[g.root(id)-g.base])
	}
	type group struct {
		root  uint32
		num   int32
		words int
		links []Link
	}
	var groups []group
	for _, l := range links {
		g.grow(l.Doc)
		r := g.root(l.Doc)
		i := slices.IndexFunc(groups, func(x group) bool { return x.root == r })
		if i < 0 {
			groups = append(groups, group{root: r, num: g.num[r-g.base]})
			i = len(groups) - 1
		}
		groups[i].words += l.Words
		groups[i].links = append(groups[i].links, l)
	}
	// The primary cluster: most shared words, then the oldest.
	slices.SortStableFunc(groups, func(x, y group) int {
		if c := cmp.Compare(y.words, x.words); c != 0 {
			return c
		}
		return cmp.Compare(x.root, y.root)
	})
	primary := groups[0]
	g.union(id, primary.root)
	for _, other := range groups[1:] {
		if sameRegion(primary.links, other.links) {
			g.union(primary.root, other.root)
		}
	}
	return int(g.num[g.root(id)-g.base])
}

// Split takes the cluster of members out of the Grouper and groups again
// those of them in rest, as Add would have grouped them had the others
// never been added: in increasing order, each with what links returns for
// it, its links to earlier documents of rest. Members (all of the
// cluster's, sorted) and rest (a sorted subset) are the caller's to find:
// the Grouper keeps no member lists. Of the clusters of rest, the one that
// formed first keeps the cluster's number; the others take new numbers in
// the order they formed. The documents of members not in rest become
// singletons; Add may be given links to them again. Cost: that of the Adds
// of rest, near O(len(members) + links).
func (g *Grouper) Split(members, rest []uint32, links func(id uint32) []Link) {
	if len(members) == 0 {
		return
	}
	num := g.num[g.root(members[0])-g.base]
	for _, m := range members {
		g.parent[m-g.base], g.num[m-g.base] = m, 0
	}
	if num != 0 {
		g.n--
	}
	next := g.next
	for _, m := range rest {
		g.Add(m, links(m))
	}
	// The clusters formed took numbers after next, in the order they
	// formed; the first takes num, the others next+1, next+2, ...
	var roots []uint32
	for _, m := range rest {
		if r := g.root(m); g.num[r-g.base] > next && !slices.Contains(roots, r) {
			roots = append(roots, r)
		}
	}
	slices.SortFunc(roots, func(a, b uint32) int { return cmp.Compare(g.num[a-g.base], g.num[b-g.base]) })
	for i, r := range roots {
		if i == 0 && num != 0 {
			g.num[r-g.base] = num
		} else {
			next++
			g.num[r-g.base] = next
		}
	}
	g.next = next
}

// Trim lets go of the documents below base, each of which must be a
// singleton that Add is given no link to again (a document Split left
// out, for one): their numbers' memory, 8 bytes a document, is freed.
// Later calls ignore them: Cluster returns 0. Cost: O(documents kept).
func (g *Grouper) Trim(base uint32) {
	if base <= g.base {
		return
	}
	k := min(int(base-g.base), len(g.parent))
	g.parent = append([]uint32(nil), g.parent[k:]...)
	g.num = append([]int32(nil), g.num[k:]...)
	g.base = base
}

// sameRegion reports whether some link of a and some link of b cover
// overlapping regions of the new document, by at least half of the
// shorter one.
func sameRegion(a, b []Link) bool {
	for _, x := range a {
		for _, y := range b {
			overlap := min(x.End, y.End) - max(x.Start, y.Start)
			shorter := min(x.End-x.Start, y.End-y.Start)
			if overlap > 0 && 2*overlap >= shorter {
				return true
			}
		}
	}
	return false
}

// Len returns the number of clusters of two or more documents, as
// len(nums) of Clusters would. Cost: O(1).
func (g *Grouper) Len() int { return g.n }

// Cluster returns the cluster number of document id, 0 if it is in no
// cluster.
func (g *Grouper) Cluster(id uint32) int {
	if id < g.base || id-g.base >= uint32(len(g.parent)) {
		return 0
	}
	return int(g.num[g.root(id)-g.base])
}

// Clusters returns every cluster of two or more documents: each cluster's
// members sorted by ID, clusters ordered by cluster number, keyed by number.
// Cost: O(n) for n documents.
func (g *Grouper) Clusters() (nums []int, members [][]uint32) {
	byNum := map[int32]int{}
	for i := range g.parent {
		id := g.base + uint32(i)
		r := g.root(id)
		n := g.num[r-g.base]
		if n == 0 {
			continue
		}
		i, ok := byNum[n]
		if !ok {
			i = len(nums)
			byNum[n] = i
			nums = append(nums, int(n))
			members = append(members, nil)
		}
		members[i] = append(members[i], id)
	}
	order := make([]int, len(nums))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(x, y int) int { return cmp.Compare(nums[x], nums[y]) })
	sn, sm := make([]int, len(nums)), make([][]uint32, len(nums))
	for i, o := range order {
		sn[i], sm[i] = nums[o], members[o]
	}
	return sn, sm
}

// A Member describes a cluster member for source attribution.
type Member struct {
	ID   uint32
	Time time.Time // zero if unknown
	// Shared is how much of the cluster's shared text the member contains,
	// such as its total matched words over its links.
	Shared int
	// Held is how much of the member's own text lies inside the passages
	// it shares with other members, each part counted once, such as in
	// bytes: the original holds the passages of all its copies, each
	// copy only its own part.
	Held int
}

// Held returns a member's Held from spans, the parts of its text (start
// and end offsets) inside its passages with other members: the length of
// their union, each part counted once. It sorts spans. Cost: O(n log n)
// for n spans.
func Held(spans [][2]int) int {
	slices.SortFunc(spans, func(x, y [2]int) int { return cmp.Compare(x[0], y[0]) })
	n, end := 0, 0
	for _, s := range spans {
		if s[1] <= end {
			continue
		}
		n += s[1] - max(s[0], end)
		end = s[1]
	}
	return n
}

// heldSlack is how much more of a cluster's shared text (Member.Held,
// in bytes) a member may hold than the first added and still not count
// as fuller: a headline, byline, dateline and credit line that copies
// share with each other but not with the original. Measured on generated
// news (TestNewsSource): the full copies of a wire story hold up to a
// tenth more than the original, and of a short story up to 200 bytes more.
const heldSlack = 300

// Source names the likely source of a cluster, the member that holds
// the text the others share: the earliest member when every member
// carries a time; otherwise, and among members of the same earliest time,
// the first added (smallest ID) of those that hold the most shared text
// (Held, then Shared), within a tenth or heldSlack. Copies of one text
// hold about as much of it as the original, differing by the bylines,
// credits and noise they add; a copy that holds clearly more is the
// fuller text the others are parts of. It returns false for an empty
// cluster.
func Source(members []Member) (uint32, bool) {
	if len(members) == 0 {
		return 0, false
	}
	timed := true
	for _, m := range members {
		if m.Time.IsZero() {
			timed = false
			break
		}
	}
	first := members[0].Time
	if timed {
		for _, m := range members[1:] {
			if m.Time.Before(first) {
				first = m.Time
			}
		}
	}
	// The most held among the candidates: every member untimed, those of
	// the earliest time timed.
	cand := func(m Member) bool { return !timed || m.Time.Equal(first) }
	most := Member{Held: -1}
	for _, m := range members {
		if cand(m) && (m.Held > most.Held || m.Held == most.Held && m.Shared > most.Shared) {
			most = m
		}
	}
	best, ok := Member{}, false
	for _, m := range members {
		if !cand(m) || m.Held+max(most.Held/10, heldSlack) < most.Held || m.Held == most.Held && 10*m.Shared < 9*most.Shared {
			continue
		}
		if !ok || m.ID < best.ID {
			best, ok = m, true
		}
	}
	return best.ID, true
}

// AppendBinary appends the Grouper's state to b, in the form
// UnmarshalBinary reads: all integers unsigned varints,
//
//	base, next   the first document kept (Trim) and the last cluster
//	             number given
//	count        documents from base, then for each:
//	  root       the document's number less its cluster's root's (the
//	             cluster's first document): 0 for a root, then
//	  num        the root's cluster number, 0 for a singleton
//
// about 1 to 3 bytes a document. Cost: O(documents); it compresses the
// Grouper's paths as Cluster does.
func (g *Grouper) AppendBinary(b []byte) ([]byte, error) {
	b = binary.AppendUvarint(b, uint64(g.base))
	b = binary.AppendUvarint(b, uint64(g.next))
	b = binary.AppendUvarint(b, uint64(len(g.parent)))
	for i := range g.parent {
		id := g.base + uint32(i)
		r := g.root(id)
		b = binary.AppendUvarint(b, uint64(id-r))
		if r == id {
			b = binary.AppendUvarint(b, uint64(g.num[i]))
		}
	}
	return b, nil
}

// UnmarshalBinary sets the Grouper to the state AppendBinary wrote. It
// returns an error, and leaves the Grouper as it was, for bytes that are
// not such a state: a root that is not an earlier root, a cluster number
// beyond the last given or given twice, bytes after the state.
func (g *Grouper) UnmarshalBinary(b []byte) error {
	next := func(what string) (uint64, error) {
		v, n := binary.Uvarint(b)
		if n <= 0 {
			return 0, fmt.Errorf("cluster: grouper state: %s: truncated or too long", what)
		}
		b = b[n:]
		return v, nil
	}
	base, err := next("base")
	if err != nil {
		return err
	}
	last, err := next("last cluster number")
	if err != nil {
		return err
	}
	count, err := next("documents")
	if err != nil {
		return err
	}
	switch {
	case base > math.MaxUint32 || last > math.MaxInt32:
		return fmt.Errorf("cluster: grouper state: base %d or last cluster number %d out of range", base, last)
	case count > uint64(len(b)) || base+count > math.MaxUint32:
		return fmt.Errorf("cluster: grouper state: %d documents from %d, beyond the state's %d bytes", count, base, len(b))
	}
	h := Grouper{base: uint32(base), next: int32(last), parent: make([]uint32, count), num: make([]int32, count)}
	used := map[int32]bool{}
	for i := range h.parent {
		id := h.base + uint32(i)
		d, err := next("root")
		if err != nil {
			return err
		}
		if d > uint64(i) || d > 0 && h.parent[i-int(d)] != id-uint32(d) {
			return fmt.Errorf("cluster: grouper state: document %d: root %d is not an earlier root", id, int64(id)-int64(d))
		}
		h.parent[i] = id - uint32(d)
		if d > 0 {
			continue
		}
		num, err := next("cluster number")
		if err != nil {
			return err
		}
		if num > last || num > 0 && used[int32(num)] {
			return fmt.Errorf("cluster: grouper state: document %d: cluster number %d beyond the last, %d, or given twice", id, num, last)
		}
		if num > 0 {
			used[int32(num)] = true
			h.num[i] = int32(num)
			h.n++
		}
	}
	if len(b) > 0 {
		return fmt.Errorf("cluster: grouper state: %d bytes after it", len(b))
	}
	*g = h
	return nil
}

// Range returns the documents the Grouper numbers: from base (Trim) to
// the number after the last it was given.
func (g *Grouper) Range() (base, end uint32) {
	return g.base, g.base + uint32(len(g.parent))
}
