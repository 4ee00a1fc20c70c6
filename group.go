package dedupe

import (
	"fmt"
	"iter"
	"slices"

	"github.com/newsreuse/dedupe/cluster"
)

// Group, the last stage: the links of each committed document join the
// clusters (cluster.Grouper), and the readers list them.

// A Cluster is a group of documents that reuse the same text.
type Cluster struct {
	ID      string
	Members []string // in the order they were added
	// Source is the likely original: the earliest member when every
	// member has a time; otherwise, and among members of the same earliest
	// time, the member that holds the text the others share (the first
	// added of those holding about the most of it; see cluster.Source).
	Source string
}

// Clusters returns every cluster of two or more documents, ordered by
// cluster name number.
func (d *Detector) Clusters() []Cluster {
	d.gmu.Lock()
	defer d.gmu.Unlock()
	d.mu.RLock()
	defer d.mu.RUnlock()
	nums, members := d.groups.Clusters()
	out := make([]Cluster, 0, len(nums))
	for i, n := range nums {
		c := Cluster{ID: clusterName(n)}
		ms := make([]cluster.Member, 0, len(members[i]))
		for _, id := range members[i] {
			p := *d.docs.at(id)
			c.Members = append(c.Members, p.id)
			ms = append(ms, cluster.Member{ID: id, Time: p.time, Shared: *d.shared.at(id)})
		}
		d.held(ms, members[i])
		if src, ok := cluster.Source(ms); ok {
			c.Source = (*d.docs.at(src)).id
		}
		out = append(out, c)
	}
	return out
}

// AllClusters returns an iterator over the clusters of two or more
// documents, ordered by cluster name number: what Clusters returns, built
// one at a time as they are yielded. Each use of the iterator lists the
// clusters as they are when it starts: it holds the Detector's locks for
// that, O(n) for n documents as Clusters (the Grouper keeps no member
// lists), and 20 bytes a clustered document; it then yields with no lock
// held, so that documents may be added meanwhile, by other goroutines or
// by the loop's body. Each Cluster's Members slice is the caller's.
func (d *Detector) AllClusters() iter.Seq[Cluster] {
	return func(yield func(Cluster) bool) {
		d.gmu.Lock()
		d.mu.RLock()
		nums, members := d.groups.Clusters()
		// The members' IDs, cluster after cluster, are read under the
		// locks: a forgotten document's entry goes (forget.go).
		var names []string
		srcs := make([]string, len(nums))
		var ms []cluster.Member
		for i := range nums {
			ms = ms[:0]
			for _, id := range members[i] {
				e := *d.docs.at(id)
				ms = append(ms, cluster.Member{ID: id, Time: e.time, Shared: *d.shared.at(id)})
				names = append(names, e.id)
			}
			d.held(ms, members[i])
			src, _ := cluster.Source(ms) // clusters are never empty
			srcs[i] = (*d.docs.at(src)).id
		}
		d.mu.RUnlock()
		d.gmu.Unlock()
		for i, n := range nums {
			c := Cluster{ID: clusterName(n), Members: make([]string, 0, len(members[i])), Source: srcs[i]}
			c.Members = append(c.Members, names[:len(members[i])]...)
			names = names[len(members[i]):]
			if !yield(c) {
				return
			}
		}
	}
}

func clusterName(n int) string { return fmt.Sprintf("c%d", n) }

// strongWords is how many matched words make a link strong: longer than
// the stock phrases and template sentences that may still link early in a
// stream, before their frequency shows.
const strongWords = 50

// noteLinks records the links of the new document id in d.strong, the
// clusters that decide which documents are a pair's own: those linked to
// it by long passages. Short links are left out so that a stock phrase
// that links two documents early cannot make its later occurrences look
// like copies; they are kept in d.weak, both ways, for commonOutside's
// long passages.
func (d *Detector) noteLinks(id uint32, links []cluster.Link) {
	var strong []cluster.Link
	for _, l := range links {
		if l.Words >= strongWords {
			strong = append(strong, l)
		}
	}
	d.strong.Add(id, strong)
	d.noteWeak(id, links)
}

// noteWeak records the short links of document id in d.weak, both ways.
func (d *Detector) noteWeak(id uint32, links []cluster.Link) {
	for _, l := range links {
		if l.Words < strongWords {
			d.weak.Add(uint64(id), l.Doc, false)
			d.weak.Add(uint64(l.Doc), id, false)
			d.weakLinks += 2
		}
	}
}

// held sets the Held of each member of one cluster, ms, whose IDs are
// members, sorted: the bytes of the member's text inside the passages of
// its pairs with other members, each byte counted once. Cost: O(p log p)
// for the p passages of the members' pairs and their number. The caller
// holds d.gmu and d.mu for reading.
func (d *Detector) held(ms []cluster.Member, members []uint32) {
	var spans [][2]int
	for i := range ms {
		id := ms[i].ID
		spans = spans[:0]
		for _, at := range d.byDoc.Get(uint64(id)) {
			p := d.pairs.at(int(at))
			other, mine := p.a, p.b == id
			if !mine {
				other = p.b
			}
			if _, in := slices.BinarySearch(members, other); !in {
				continue
			}
			for _, x := range p.Match.Passages {
				if mine {
					spans = append(spans, [2]int{x.Start, x.End})
				} else {
					spans = append(spans, [2]int{x.OtherStart, x.OtherEnd})
				}
			}
		}
		ms[i].Held = cluster.Held(spans)
	}
}
