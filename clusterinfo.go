package dedupe

import (
	"slices"
	"strconv"
	"strings"

	"github.com/newsreuse/dedupe/cluster"
)

// A ClusterInfo is what a Detector knows of one cluster: its members and
// likely source, as Clusters gives them, and the pairs between members.
type ClusterInfo struct {
	Cluster
	// Pairs are the pairs of two members, in the order found.
	Pairs []Pair
}

// Cluster returns the cluster named id (a Cluster's ID, as Result and
// DocumentInfo give it) with the pairs between its members, and reports
// false if no cluster of two or more documents has that name now (one
// merged into an older cluster takes the older name). The slices are the
// caller's; the Matches inside the pairs are shared and must not be
// modified. Cost: a scan of 4 bytes a document held (0.5-0.9 ms a
// million, cluster.Grouper.Find) to find the cluster, then O(m + p) for
// its m members and the p pairs they are in, under the Detector's locks.
func (d *Detector) Cluster(id string) (ClusterInfo, bool) {
	num, ok := clusterNumber(id)
	if !ok {
		return ClusterInfo{}, false
	}
	d.gmu.Lock()
	defer d.gmu.Unlock()
	root, ok := d.groups.Find(num)
	if !ok {
		return ClusterInfo{}, false
	}
	// Every member joined its cluster through a link to another member,
	// and every link is a pair, so the members are those reached from
	// the root through pairs whose two documents are in the cluster.
	members := []uint32{root}
	seen := map[uint32]bool{root: true}
	var at []uint32 // indexes in d.pairs of the pairs between members
	for i := 0; i < len(members); i++ {
		x := members[i]
		for _, k := range d.byDoc.Get(uint64(x)) {
			p := d.pairs.at(int(k))
			other := p.a
			if other == x {
				other = p.b
			}
			if d.groups.Cluster(other) != num {
				continue
			}
			if p.b == x { // each pair once, from its later document
				at = append(at, k)
			}
			if !seen[other] {
				seen[other] = true
				members = append(members, other)
			}
		}
	}
	slices.Sort(members)
	slices.Sort(at)
	info := ClusterInfo{Cluster: Cluster{ID: id, Members: make([]string, len(members))}}
	ms := make([]cluster.Member, len(members))
	d.mu.RLock()
	for i, x := range members {
		e := *d.docs.at(x)
		info.Members[i] = e.id
		ms[i] = cluster.Member{ID: x, Time: e.time, Shared: *d.shared.at(x)}
	}
	d.mu.RUnlock()
	src, _ := cluster.Source(ms)
	info.Source = info.Members[slices.Index(members, src)]
	info.Pairs = make([]Pair, len(at))
	for i, k := range at {
		info.Pairs[i] = *d.pairs.at(int(k))
	}
	return info, true
}

// clusterNumber returns the number of the cluster named name, as
// clusterName writes it: "c" and a decimal number from 1, no leading zero.
func clusterNumber(name string) (int, bool) {
	digits, ok := strings.CutPrefix(name, "c")
	if !ok || digits == "" || digits[0] == '0' || len(digits) > 9 {
		return 0, false
	}
	n, err := strconv.Atoi(digits)
	if err != nil || n <= 0 || strconv.Itoa(n) != digits {
		return 0, false
	}
	return n, true
}
