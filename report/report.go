// Package report holds the JSON records of what a dedupe.Detector found:
// the lines that the command dedupe writes with -format json, and the
// answers of the HTTP service (package server). Both encode these types
// with encoding/json, so a client reads them with one parser.
//
// A document ID that is not valid UTF-8 (a file name in another encoding)
// cannot be a JSON string: its field holds it with each invalid byte as
// U+FFFD, for reading, and a field named with "_bytes" added holds its
// bytes (base64 in JSON), for finding the file. The "_bytes" fields are
// left out for valid IDs; Cluster.MembersBytes, when there, has every
// member's bytes.
package report

import (
	"slices"
	"unicode/utf8"

	"github.com/newsreuse/dedupe"
)

// A Passage is text two documents share: A's bytes [AStart, AEnd) match
// B's [BStart, BEnd), with Words words matched.
type Passage struct {
	AStart int `json:"a_start"`
	AEnd   int `json:"a_end"`
	BStart int `json:"b_start"`
	BEnd   int `json:"b_end"`
	Words  int `json:"words"`
}

// A Pair is the record of a dedupe.Pair: B, the later document, copies or
// shares passages with A. Type is "pair"; Words sums the passages' words;
// Passages is never nil, so that it encodes as [] when empty.
type Pair struct {
	Type          string    `json:"type"`
	A             string    `json:"a"`
	ABytes        []byte    `json:"a_bytes,omitempty"`
	B             string    `json:"b"`
	BBytes        []byte    `json:"b_bytes,omitempty"`
	Jaccard       float64   `json:"jaccard"`
	NearDuplicate bool      `json:"near_duplicate"`
	Words         int       `json:"words"`
	Passages      []Passage `json:"passages"`
}

// NewPair returns the record of p, its Jaccard similarity rounded by
// Round.
func NewPair(p dedupe.Pair) Pair {
	return NewMatch(p.A, p.B, p.Match)
}

// NewMatch returns the record of the pair of the earlier document a and
// the later document b, where m is what b shares with a (a
// dedupe.Result's Match, whose ID is a).
func NewMatch(a, b string, m dedupe.Match) Pair {
	jp := Pair{Type: "pair", A: a, ABytes: rawID(a), B: b, BBytes: rawID(b), Jaccard: Round(m.Jaccard), NearDuplicate: m.NearDuplicate, Passages: make([]Passage, 0, len(m.Passages))}
	for _, ps := range m.Passages {
		jp.Words += ps.Words
		jp.Passages = append(jp.Passages, Passage{AStart: ps.OtherStart, AEnd: ps.OtherEnd, BStart: ps.Start, BEnd: ps.End, Words: ps.Words})
	}
	return jp
}

// A Cluster is the record of a dedupe.Cluster. Type is "cluster".
type Cluster struct {
	Type         string   `json:"type"`
	ID           string   `json:"id"`
	Members      []string `json:"members"`
	MembersBytes [][]byte `json:"members_bytes,omitempty"`
	Source       string   `json:"source"`
	SourceBytes  []byte   `json:"source_bytes,omitempty"`
}

// NewCluster returns the record of c. Its Members slice is c's.
func NewCluster(c dedupe.Cluster) Cluster {
	jc := Cluster{Type: "cluster", ID: c.ID, Members: c.Members, Source: c.Source, SourceBytes: rawID(c.Source)}
	if slices.ContainsFunc(c.Members, func(m string) bool { return rawID(m) != nil }) {
		for _, m := range c.Members {
			jc.MembersBytes = append(jc.MembersBytes, []byte(m))
		}
	}
	return jc
}

// A Summary is the last record of a run of the command dedupe (or of its
// Beam pipeline): what was read and found. Type is "summary".
type Summary struct {
	Type      string `json:"type"`
	Documents int    `json:"documents"`
	Words     int    `json:"words"`
	Bytes     int64  `json:"bytes"`
	Pairs     int    `json:"pairs"`
	// Unverified counts the pairs left unverified by the bounds on copies
	// (dedupe.Result.Unverified).
	Unverified int `json:"unverified"`
	Clusters   int `json:"clusters"`
	Warnings   int `json:"warnings"`
	// Skipped counts the documents an index held already (dedupe -index).
	Skipped int `json:"skipped,omitempty"`
}

// Round rounds a similarity to the 4 decimals that records give.
func Round(f float64) float64 { return float64(int64(f*10000+0.5)) / 10000 }

// rawID returns the bytes of id for the "_bytes" fields when id is not
// valid UTF-8, which a JSON string cannot hold, and nil otherwise.
func rawID(id string) []byte {
	if utf8.ValidString(id) {
		return nil
	}
	return []byte(id)
}
