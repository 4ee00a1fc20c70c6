package main

import (
	"slices"
	"time"
	"unicode/utf8"

	"github.com/newsreuse/dedupe"
	"github.com/newsreuse/dedupe/cluster"
	"github.com/newsreuse/dedupe/report"
)

// The HTML report's data: what the page's script renders, embedded in the
// page as JSON. Every text reaches the page as chunks cut at the byte
// offsets the page needs (passage ends, and the ends of the text shown
// around them), and the page refers to text by chunk index: it never
// converts a byte offset into a string index, so UTF-8 offsets and the
// browser's UTF-16 strings cannot disagree.

const (
	// contextBytes is about how much text the page shows next to a
	// passage; the rest of the text between passages is folded.
	contextBytes = 280
	// minFold is the least text worth folding.
	minFold = 160
	// cutSearch is how far a cut moves to fall on white space.
	cutSearch = 60
)

// pageData is the JSON the page renders.
type pageData struct {
	Summary  pageSummary   `json:"summary"`
	Docs     []pageDoc     `json:"docs"`
	Clusters []pageCluster `json:"clusters"`
	Pairs    []pagePair    `json:"pairs"`
	Loose    []int         `json:"loose"` // pairs whose documents are not in one cluster
}

type pageSummary struct {
	Documents  int   `json:"documents"`
	Words      int   `json:"words"`
	Bytes      int64 `json:"bytes"`
	Pairs      int   `json:"pairs"`
	Clusters   int   `json:"clusters"`
	Unverified int   `json:"unverified"`
	Warnings   int   `json:"warnings"`
}

// A pageDoc is a document in a pair or a cluster.
type pageDoc struct {
	ID      string   `json:"id"`
	Time    string   `json:"time,omitempty"` // RFC 3339
	Bytes   int      `json:"bytes"`
	Shared  int      `json:"shared"`  // bytes in passages shared with any other document
	Cluster int      `json:"cluster"` // index into Clusters, -1 if none
	Pairs   []int    `json:"pairs"`
	Chunks  []string `json:"chunks"` // the text, cut where the page needs
	text    []byte
	cuts    []int // byte offsets: Chunks[i] is text[cuts[i]:cuts[i+1]]
}

type pageCluster struct {
	ID      string `json:"id"`
	Source  int    `json:"source"`  // index into Docs, -1 if none
	Members []int  `json:"members"` // in time order when every member has a time, else as added
	Pairs   []int  `json:"pairs"`
}

// A pagePair is dedupe.Pair with its texts laid out in rows: text
// between passages, then a passage, and so on, A on the left and B on the
// right, so that both sides of a passage are level.
type pagePair struct {
	A        int              `json:"a"`
	B        int              `json:"b"`
	Jaccard  float64          `json:"jaccard"`
	Near     bool             `json:"near"`
	Words    int              `json:"words"`
	Cluster  int              `json:"cluster"`
	Passages []report.Passage `json:"passages"` // byte offsets, as in -format json
	Rows     []pageRow        `json:"rows"`
}

// A pageRow is passage P of its pair (-1: the text between passages) on
// both sides.
type pageRow struct {
	P int      `json:"p"`
	A pageSpan `json:"a"`
	B pageSpan `json:"b"`
}

// A pageSpan is chunks [From, To) of a text, of which [FoldFrom, FoldTo),
// FoldWords words, is folded when FoldTo > FoldFrom. In byte offsets
// while the page is built, chunk indexes once it is.
type pageSpan struct {
	From      int `json:"from"`
	To        int `json:"to"`
	FoldFrom  int `json:"fold_from"`
	FoldTo    int `json:"fold_to,omitempty"`
	FoldWords int `json:"fold_words,omitempty"`
}

// A keptDoc is a document's text and time, kept for the HTML report.
type keptDoc struct {
	text []byte
	time time.Time
}

// newPageData lays out the findings for the page. texts holds the
// documents' texts by ID; a document without one shows as empty.
func newPageData(pairs []dedupe.Pair, clusters []dedupe.Cluster, texts map[string]keptDoc, st stats) *pageData {
	d := &pageData{
		Summary: pageSummary{Documents: st.docs, Words: st.words, Bytes: st.bytes, Pairs: len(pairs),
			Clusters: len(clusters), Unverified: st.unverified, Warnings: st.warnings},
		Docs: []pageDoc{}, Clusters: []pageCluster{}, Pairs: make([]pagePair, 0, len(pairs)), Loose: []int{},
	}
	index := map[string]int{}
	doc := func(id string) int {
		if i, ok := index[id]; ok {
			return i
		}
		k := texts[id]
		pd := pageDoc{ID: id, Bytes: len(k.text), Cluster: -1, Pairs: []int{}, text: k.text, cuts: []int{0, len(k.text)}}
		if !k.time.IsZero() {
			pd.Time = k.time.Format(time.RFC3339)
		}
		index[id] = len(d.Docs)
		d.Docs = append(d.Docs, pd)
		return index[id]
	}
	for ci, c := range clusters {
		pc := pageCluster{ID: c.ID, Source: -1, Members: make([]int, len(c.Members)), Pairs: []int{}}
		timed := true
		for i, m := range c.Members {
			pc.Members[i] = doc(m)
			d.Docs[pc.Members[i]].Cluster = ci
			timed = timed && texts[m].time != time.Time{}
		}
		if timed {
			slices.SortStableFunc(pc.Members, func(x, y int) int {
				return texts[d.Docs[x].ID].time.Compare(texts[d.Docs[y].ID].time)
			})
		}
		if c.Source != "" {
			pc.Source = doc(c.Source)
		}
		d.Clusters = append(d.Clusters, pc)
	}
	shared := map[int][][2]int{} // per document, its passages
	for pi, p := range pairs {
		a, b := doc(p.A), doc(p.B)
		pp := pagePair{A: a, B: b, Jaccard: report.Round(p.Match.Jaccard), Near: p.Match.NearDuplicate, Cluster: -1, Passages: []report.Passage{}}
		if c := d.Docs[a].Cluster; c >= 0 && c == d.Docs[b].Cluster {
			pp.Cluster = c
			d.Clusters[c].Pairs = append(d.Clusters[c].Pairs, pi)
		} else {
			d.Loose = append(d.Loose, pi)
		}
		d.Docs[a].Pairs = append(d.Docs[a].Pairs, pi)
		d.Docs[b].Pairs = append(d.Docs[b].Pairs, pi)
		la, lb := len(d.Docs[a].text), len(d.Docs[b].text)
		for _, ps := range p.Match.Passages {
			jp := report.Passage{AStart: min(ps.OtherStart, la), AEnd: min(ps.OtherEnd, la), BStart: min(ps.Start, lb), BEnd: min(ps.End, lb), Words: ps.Words}
			pp.Words += ps.Words
			pp.Passages = append(pp.Passages, jp)
			shared[a] = append(shared[a], [2]int{jp.AStart, jp.AEnd})
			shared[b] = append(shared[b], [2]int{jp.BStart, jp.BEnd})
		}
		pp.Rows = layoutRows(pp.Passages, d.Docs[a].text, d.Docs[b].text)
		for _, r := range pp.Rows {
			d.Docs[a].cuts = r.A.appendCuts(d.Docs[a].cuts)
			d.Docs[b].cuts = r.B.appendCuts(d.Docs[b].cuts)
		}
		d.Pairs = append(d.Pairs, pp)
	}
	for i := range d.Docs {
		pd := &d.Docs[i]
		pd.Shared = cluster.Held(shared[i]) // the offsets the spans cover
		slices.Sort(pd.cuts)
		pd.cuts = slices.Compact(pd.cuts)
		pd.Chunks = make([]string, len(pd.cuts)-1)
		for k := range pd.Chunks {
			pd.Chunks[k] = string(pd.text[pd.cuts[k]:pd.cuts[k+1]])
		}
	}
	for i := range d.Pairs {
		pp := &d.Pairs[i]
		for k := range pp.Rows {
			pp.Rows[k].A.toChunks(d.Docs[pp.A].cuts)
			pp.Rows[k].B.toChunks(d.Docs[pp.B].cuts)
		}
	}
	return d
}

// layoutRows lays out the texts a and b of a pair with passages ps (in
// the order of b) as rows of byte spans. A passage that comes earlier in a
// than the one before it gets no text of a before it, so that no text of a
// shows twice outside passages.
func layoutRows(ps []report.Passage, a, b []byte) []pageRow {
	rows := make([]pageRow, 0, 2*len(ps)+1)
	ca, cb := 0, 0 // how far each text has been shown
	gap := func(toA, toB int) {
		toA, toB = max(toA, ca), max(toB, cb)
		if toA > ca || toB > cb {
			rows = append(rows, pageRow{P: -1, A: gapSpan(a, ca, toA), B: gapSpan(b, cb, toB)})
		}
	}
	for i, p := range ps {
		gap(p.AStart, p.BStart)
		rows = append(rows, pageRow{P: i, A: pageSpan{From: p.AStart, To: p.AEnd}, B: pageSpan{From: p.BStart, To: p.BEnd}})
		ca, cb = max(ca, p.AEnd), max(cb, p.BEnd)
	}
	gap(len(a), len(b))
	return rows
}

// gapSpan returns text[from:to], text between passages, with what is
// farther than contextBytes from a passage folded.
func gapSpan(text []byte, from, to int) pageSpan {
	s := pageSpan{From: from, To: to}
	head, tail := from, to
	if from > 0 { // a passage ends at from
		head = cutAfter(text, min(from+contextBytes, to), to)
	}
	if to < len(text) { // a passage starts at to
		tail = cutBefore(text, max(to-contextBytes, head), head)
	}
	if tail-head >= minFold {
		s.FoldFrom, s.FoldTo, s.FoldWords = head, tail, countWords(text[head:tail])
	}
	return s
}

// cutAfter returns an offset at or after x, at most limit, that follows
// white space if some is near, else starts a rune.
func cutAfter(text []byte, x, limit int) int {
	for i := x; i < limit && i < x+cutSearch; i++ {
		if isSpace(text[i]) {
			return i + 1
		}
	}
	for x < limit && !utf8.RuneStart(text[x]) {
		x++
	}
	return x
}

// cutBefore returns an offset at or before x, at least limit, that
// follows white space if some is near, else starts a rune.
func cutBefore(text []byte, x, limit int) int {
	for i := x; i > limit && i > x-cutSearch; i-- {
		if isSpace(text[i-1]) {
			return i
		}
	}
	for x > limit && x < len(text) && !utf8.RuneStart(text[x]) {
		x--
	}
	return x
}

func isSpace(c byte) bool { return c == ' ' || c == '\n' || c == '\t' || c == '\r' }

// countWords counts the runs of non-space bytes in b.
func countWords(b []byte) int {
	n, in := 0, false
	for _, c := range b {
		if isSpace(c) {
			in = false
		} else if !in {
			in = true
			n++
		}
	}
	return n
}

// appendCuts appends the byte offsets at which s cuts its text.
func (s pageSpan) appendCuts(cuts []int) []int {
	cuts = append(cuts, s.From, s.To)
	if s.FoldTo > s.FoldFrom {
		cuts = append(cuts, s.FoldFrom, s.FoldTo)
	}
	return cuts
}

// toChunks turns s's byte offsets into indexes of the chunks cut at cuts.
func (s *pageSpan) toChunks(cuts []int) {
	at := func(off int) int {
		i, _ := slices.BinarySearch(cuts, off)
		return i
	}
	s.From, s.To = at(s.From), at(s.To)
	if s.FoldTo > s.FoldFrom {
		s.FoldFrom, s.FoldTo = at(s.FoldFrom), at(s.FoldTo)
	}
}
