package dedupe

import (
	"fmt"

	"github.com/newsreuse/dedupe/cluster"
)

// Group, the last stage: the links of each committed document join the
// clusters (cluster.Grouper), and the readers list them.

// A Cluster is a group of documents that reuse the same text.
type Cluster struct {
	ID      string
	Members []string // in the order they were added
	// Source is the likely original: the earliest member when every
	// member has a time, otherwise the member holding the most shared text.
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
			p := d.docs[id]
			c.Members = append(c.Members, p.id)
			ms = append(ms, cluster.Member{ID: id, Time: p.time, Shared: d.shared[id]})
		}
		if src, ok := cluster.Source(ms); ok {
			c.Source = d.docs[src].id
		}
		out = append(out, c)
	}
	return out
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
		} else {
			d.weak.Add(uint64(id), l.Doc, false)
			d.weak.Add(uint64(l.Doc), id, false)
		}
	}
	d.strong.Add(id, strong)
}
