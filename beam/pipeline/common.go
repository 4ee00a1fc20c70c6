package pipeline

import (
	"cmp"
	"context"
	"slices"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"github.com/newsreuse/dedupe"
	"github.com/newsreuse/dedupe/cluster"
)

// The corpus rules' counts: which documents are a pair's own (its
// cluster, by the links verification found long), and, for each
// fingerprint a pair's passages hold, whether at least a few documents
// outside the pair's cluster carry it too (global frequencies).

// strongClusters groups the documents by their long links
// (cluster.Grouper, in the order of the documents, on one worker) and
// emits each clustered document's ord with its cluster's number. Memory:
// about 60 bytes a long link and 30 a linked document.
func strongClusters(ctx context.Context, _ []byte, links func(*link) bool, emit func(uint64, int64)) {
	var ls []link
	var l link
	for links(&l) {
		ls = append(ls, l)
	}
	ords, nums := numberLinks(len(ls), func(i int) (uint64, uint64) { return ls[i].A, ls[i].B })
	slices.SortFunc(ls, func(x, y link) int { return cmp.Or(cmp.Compare(x.B, y.B), cmp.Compare(x.A, y.A)) })
	var g cluster.Grouper
	var cl []cluster.Link
	for i, l := range ls {
		cl = append(cl, cluster.Link{Doc: nums(l.A), Start: l.Start, End: l.End, Words: l.Words})
		if i+1 == len(ls) || ls[i+1].B != l.B {
			g.Add(nums(l.B), cl)
			cl = cl[:0]
		}
	}
	for i, ord := range ords {
		if n := g.Cluster(uint32(i)); n != 0 {
			emit(ord, int64(n))
		}
	}
	strongLinks.Inc(ctx, int64(len(ls)))
}

// numberLinks numbers the documents of n links, given by ends, in the
// order of their ords: it returns the ords in order and a function from
// an ord to its number.
func numberLinks(n int, ends func(i int) (a, b uint64)) ([]uint64, func(uint64) uint32) {
	ords := make([]uint64, 0, 2*n)
	for i := range n {
		a, b := ends(i)
		ords = append(ords, a, b)
	}
	slices.Sort(ords)
	ords = slices.Compact(ords)
	return ords, func(ord uint64) uint32 {
		i, _ := slices.BinarySearch(ords, ord)
		return uint32(i)
	}
}

// commonFn answers the queries about one fingerprint: is it carried by
// enough documents (dedupe.Batch.Common) other than the pair's two and
// outside the cluster of the pair's earlier document? It emits the
// fingerprint, keyed by the pair, when it is. Cost: O(carriers) for the
// first query of a fingerprint, O(1) for each further one.
type commonFn struct {
	Options dedupe.Options
	b       *dedupe.Batch
}

func (f *commonFn) Setup() error {
	var err error
	f.b, err = dedupe.NewBatch(f.Options)
	return err
}

func (f *commonFn) ProcessElement(ctx context.Context, h uint64, carriers func(*uint64) bool, queries func(*query) bool, clusterOf func(uint64) func(*int64) bool, emit func(string, uint64)) {
	var q query
	if !queries(&q) {
		return
	}
	of := func(ord uint64) int64 {
		var n int64
		clusterOf(ord)(&n)
		return n
	}
	cs := collect(carriers)
	fpGroupQueried.Update(ctx, int64(len(cs)))
	inCluster := map[int64]int{}
	for _, r := range cs {
		if n := of(r); n != 0 {
			inCluster[n]++
		}
	}
	for {
		_, hasA := slices.BinarySearch(cs, q.A)
		_, hasB := slices.BinarySearch(cs, q.B)
		out := len(cs)
		ca := of(q.A)
		if ca != 0 {
			out -= inCluster[ca] // A's among them
		} else if hasA {
			out--
		}
		if hasB && (ca == 0 || of(q.B) != ca) {
			out--
		}
		if f.b.Common(out) {
			emit(q.Key, h)
		}
		if !queries(&q) {
			return
		}
	}
}

var (
	strongLinks    = beam.NewCounter("dedupe", "strong_links")
	fpGroupQueried = beam.NewDistribution("dedupe", "group_fingerprints_queried")
)

func init() {
	register.Function4x0(strongClusters)
	register.DoFn6x0[context.Context, uint64, func(*uint64) bool, func(*query) bool, func(uint64) func(*int64) bool, func(string, uint64)](&commonFn{})
	register.Iter1[link]()
	register.Iter1[query]()
	register.Iter1[int64]()
	register.Emitter2[uint64, int64]()
}
