package pipeline

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"
	"unicode/utf8"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"github.com/newsreuse/dedupe"
	"github.com/newsreuse/dedupe/cluster"
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
	Passages      []passage
	// B's link to A, in B's words.
	Start, End, Words int
}

type passage struct{ Start, End, OtherStart, OtherEnd, Words int }

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
	for _, x := range m.Passages {
		out.Passages = append(out.Passages, passage{x.Start, x.End, x.OtherStart, x.OtherEnd, x.Words})
	}
	judgedPairs.Inc(ctx, 1)
	emit(out)
	return nil
}

// The command dedupe's JSON lines (cmd/dedupe/output.go), field for field.
type jsonPassage struct {
	AStart int `json:"a_start"`
	AEnd   int `json:"a_end"`
	BStart int `json:"b_start"`
	BEnd   int `json:"b_end"`
	Words  int `json:"words"`
}

type jsonPair struct {
	Type          string        `json:"type"`
	A             string        `json:"a"`
	ABytes        []byte        `json:"a_bytes,omitempty"`
	B             string        `json:"b"`
	BBytes        []byte        `json:"b_bytes,omitempty"`
	Jaccard       float64       `json:"jaccard"`
	NearDuplicate bool          `json:"near_duplicate"`
	Words         int           `json:"words"`
	Passages      []jsonPassage `json:"passages"`
}

type jsonCluster struct {
	Type         string   `json:"type"`
	ID           string   `json:"id"`
	Members      []string `json:"members"`
	MembersBytes [][]byte `json:"members_bytes,omitempty"`
	Source       string   `json:"source"`
	SourceBytes  []byte   `json:"source_bytes,omitempty"`
}

type jsonSummary struct {
	Type       string `json:"type"`
	Documents  int    `json:"documents"`
	Words      int    `json:"words"`
	Bytes      int64  `json:"bytes"`
	Pairs      int    `json:"pairs"`
	Unverified int    `json:"unverified"`
	Clusters   int    `json:"clusters"`
	Warnings   int    `json:"warnings"`
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
		jp := jsonPair{Type: "pair", A: p.AID, ABytes: rawID(p.AID), B: p.BID, BBytes: rawID(p.BID), Jaccard: round4(p.Jaccard), NearDuplicate: p.NearDuplicate, Passages: []jsonPassage{}}
		for _, x := range p.Passages {
			jp.Words += x.Words
			jp.Passages = append(jp.Passages, jsonPassage{AStart: x.OtherStart, AEnd: x.OtherEnd, BStart: x.Start, BEnd: x.End, Words: x.Words})
		}
		if err := enc.Encode(jp); err != nil {
			return err
		}
	}
	cnums, members := g.Clusters()
	held := heldText(ps, nums, members, len(ords))
	for i, n := range cnums {
		jc := jsonCluster{Type: "cluster", ID: fmt.Sprintf("c%d", n)}
		ms := make([]cluster.Member, 0, len(members[i]))
		for _, id := range members[i] {
			jc.Members = append(jc.Members, names[id])
			ms = append(ms, cluster.Member{ID: id, Time: times[id], Shared: shared[id], Held: held[id]})
		}
		src, _ := cluster.Source(ms)
		jc.Source, jc.SourceBytes = names[src], rawID(names[src])
		if slices.ContainsFunc(jc.Members, func(m string) bool { return rawID(m) != nil }) {
			for _, m := range jc.Members {
				jc.MembersBytes = append(jc.MembersBytes, []byte(m))
			}
		}
		if err := enc.Encode(jc); err != nil {
			return err
		}
	}
	if err := enc.Encode(jsonSummary{Type: "summary", Documents: t.Docs, Words: t.Words, Bytes: t.Bytes, Pairs: len(ps), Clusters: len(cnums), Warnings: t.Warnings}); err != nil {
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

// rawID returns the bytes of an ID that is not valid UTF-8, for the
// "_bytes" fields, and nil otherwise.
func rawID(id string) []byte {
	if utf8.ValidString(id) {
		return nil
	}
	return []byte(id)
}

func round4(f float64) float64 { return float64(int64(f*10000+0.5)) / 10000 }

var judgedPairs = beam.NewCounter("dedupe", "pairs")

func init() {
	register.DoFn5x1[context.Context, string, func(*pairDocs) bool, func(*common) bool, func(judged), error](&judgeFn{})
	register.Function5x1(writeLines)
	register.Iter1[pairDocs]()
	register.Iter1[judged]()
	register.Emitter1[judged]()
	register.Emitter1[string]()
}
