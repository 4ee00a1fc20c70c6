package pipeline

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"github.com/newsreuse/dedupe"
	"github.com/newsreuse/dedupe/cluster"
	"github.com/newsreuse/dedupe/report"
)

// Judge and output: each verified pair is judged by the corpus rules
// with the fingerprints found common; the pairs left are grouped into
// clusters on one worker (cluster.Grouper needs the documents in order)
// and written as the command dedupe's JSON lines.

// A judged pair, as written.
type judged struct {
	A, B          uint64 // ords
	AID, BID      string
	ATime, BTime  int64 // Unix nanoseconds; 0 unknown
	AHas, BHas    bool
	Jaccard       float64
	NearDuplicate bool
	Passages      []dedupe.Passage
	// B's link to A, in B's words.
	Start, End, Words int
}

// judgeFn judges each verified pair (dedupe.Batch.Judge).
type judgeFn struct {
	Options dedupe.Options
	b       *dedupe.Batch
}

func (f *judgeFn) Setup() error {
	var err error
	f.b, err = dedupe.NewBatch(f.Options)
	return err
}

func (f *judgeFn) ProcessElement(ctx context.Context, _ string, pairs func(*pairDocs) bool, commons func(*common) bool, emit func(judged)) error {
	var p pairDocs
	if !pairs(&p) {
		return nil
	}
	cs := map[uint64]common{}
	var c common
	for commons(&c) {
		cs[c.H] = c
	}
	isCommon := func(h uint64, long bool) bool {
		c := cs[h]
		return long && c.Long || !long && c.Short
	}
	j, ok, err := f.b.Judge(p.A, p.B, p.C.Count&flagAlign != 0, isCommon)
	if err != nil || !ok {
		return err
	}
	m := j.Pair.Match
	out := judged{A: p.C.A, B: p.C.B, AID: j.Pair.A, BID: j.Pair.B, Jaccard: m.Jaccard, NearDuplicate: m.NearDuplicate,
		Start: j.Link.Start, End: j.Link.End, Words: j.Link.Words}
	if !j.ATime.IsZero() {
		out.AHas, out.ATime = true, j.ATime.UnixNano()
	}
	if !j.BTime.IsZero() {
		out.BHas, out.BTime = true, j.BTime.UnixNano()
	}
	out.Passages = m.Passages
	judgedPairs.Inc(ctx, 1)
	emit(out)
	return nil
}

// writeLines groups the judged pairs into clusters and writes the JSON
// lines, in the command's order: pairs by later then earlier document,
// clusters by number, the summary last. It runs on one worker, over every
// pair: about 200 bytes a pair and 40 a linked document.
func writeLines(ctx context.Context, _ []byte, pairs func(*judged) bool, t tally, emit func(string)) error {
	var ps []judged
	var p judged
	for pairs(&p) {
		ps = append(ps, p)
	}
	slices.SortFunc(ps, func(x, y judged) int { return cmp.Or(cmp.Compare(x.B, y.B), cmp.Compare(x.A, y.A)) })
	ords, nums := numberLinks(len(ps), func(i int) (uint64, uint64) { return ps[i].A, ps[i].B })
	names := make([]string, len(ords))
	times := make([]time.Time, len(ords))
	shared := make([]int, len(ords))
	var g cluster.Grouper
	var ls []cluster.Link
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	for i, p := range ps {
		a, b := nums(p.A), nums(p.B)
		names[a], names[b] = p.AID, p.BID
		if p.AHas {
			times[a] = time.Unix(0, p.ATime)
		}
		if p.BHas {
			times[b] = time.Unix(0, p.BTime)
		}
		shared[a] += p.Words
		shared[b] += p.Words
		ls = append(ls, cluster.Link{Doc: a, Start: p.Start, End: p.End, Words: p.Words})
		if i+1 == len(ps) || ps[i+1].B != p.B {
			g.Add(b, ls)
			ls = ls[:0]
		}
		m := dedupe.Match{ID: p.AID, Jaccard: p.Jaccard, NearDuplicate: p.NearDuplicate, Passages: p.Passages}
		if err := enc.Encode(report.NewMatch(p.AID, p.BID, m)); err != nil {
			return err
		}
	}
	cnums, members := g.Clusters()
	held := heldText(ps, nums, members, len(ords))
	for i, n := range cnums {
		c := dedupe.Cluster{ID: fmt.Sprintf("c%d", n)}
		ms := make([]cluster.Member, 0, len(members[i]))
		for _, id := range members[i] {
			c.Members = append(c.Members, names[id])
			ms = append(ms, cluster.Member{ID: id, Time: times[id], Shared: shared[id], Held: held[id]})
		}
		src, _ := cluster.Source(ms)
		c.Source = names[src]
		if err := enc.Encode(report.NewCluster(c)); err != nil {
			return err
		}
	}
	if err := enc.Encode(report.Summary{Type: "summary", Documents: t.Docs, Words: t.Words, Bytes: t.Bytes, Pairs: len(ps), Clusters: len(cnums), Warnings: t.Warnings}); err != nil {
		return err
	}
	emit(string(bytes.TrimSuffix(buf.Bytes(), []byte("\n"))))
	return nil
}

// heldText returns the Held of each of the n documents, numbered by
// nums, for cluster.Source, as the Detector's clusters have it: the bytes
// of its text inside its pairs' passages with the other members of its
// cluster, each byte counted once (cluster.Held); 0 for a document in no
// cluster. Cost: O(p log p) for the p passages of the pairs ps.
func heldText(ps []judged, nums func(uint64) uint32, members [][]uint32, n int) []int {
	in := make([]int, n) // 1 + the index of a document's cluster; 0 for none
	for i, ms := range members {
		for _, id := range ms {
			in[id] = i + 1
		}
	}
	spans := make([][][2]int, n)
	for _, p := range ps {
		a, b := nums(p.A), nums(p.B)
		if in[a] == 0 || in[a] != in[b] {
			continue
		}
		for _, x := range p.Passages {
			spans[b] = append(spans[b], [2]int{x.Start, x.End})
			spans[a] = append(spans[a], [2]int{x.OtherStart, x.OtherEnd})
		}
	}
	held := make([]int, n)
	for id, s := range spans {
		held[id] = cluster.Held(s)
	}
	return held
}

var judgedPairs = beam.NewCounter("dedupe", "pairs")

func init() {
	register.DoFn5x1[context.Context, string, func(*pairDocs) bool, func(*common) bool, func(judged), error](&judgeFn{})
	register.Function5x1(writeLines)
	register.Iter1[pairDocs]()
	register.Iter1[judged]()
	register.Emitter1[judged]()
	register.Emitter1[string]()
}
