package dedupe

import (
	"encoding/binary"
	"time"
	"unicode"
	"unicode/utf8"
)

// State: what a Detector holds, and what of it a persistent Detector
// would keep on disk. "Persisted" state is the source of truth; "rebuilt"
// state is derived from it in one pass when a Detector is reopened, in
// the order documents were added, so that reopening gives the same
// answers. Memory per document is for the default options; n is the
// document's words (news: 6-7 bytes of text a word).
//
// Persisted:
//
//   - docs, the entries (this file): ID, time, word codes and positions,
//     distinct shingle count; with Options.Reworded, terms and sentence
//     breaks. 8 (pointer) + 144 (entry) + len(ID) + 3n bytes; 5.25n with
//     Reworded, 2n with Options.NearOnly (no positions). The text is not
//     kept.
//   - Per document, the signatures the indexes are rebuilt from: the
//     MinHash band keys (Prepared.keys, 16 × 8 bytes at the default
//     threshold), the SimHash fingerprint (8 bytes), the sorted winnowed
//     fingerprints (Prepared.fps, about 2/(Window+1) of the shingles: 8
//     bytes × 0.22n; none with NearOnly) and the text hash (textHash, 8
//     bytes). The Detector holds them only inside its indexes; all four
//     are computed again from the word codes, hashing every shingle
//     again, to take a document out of the indexes (forget.go).
//   - pairs, every pair found, in order (report.go): 120 bytes a pair
//     plus 40 a passage; A, B and Match.ID share the entries' ID strings.
//     Each holds its link (cluster.Link, in words), from which a cluster
//     is grouped again when a member is forgotten. The pairs of forgotten
//     documents are marked and skipped (chunks.go).
//   - groups and strong, the cluster.Groupers (group.go): 8 bytes a
//     document each (parent and number), plus the next cluster number.
//     They could be rebuilt instead by replaying each document's links.
//   - unverified, the sum of Result.Unverified (Stats): 8 bytes in all.
//   - The documents deleted (Delete), by deletion records, and deletes,
//     their count.
//   - The options. Those that shape the entries and the index keys
//     (Shingle, Seed, Permutations, Threshold, Window, Hamming, NearOnly,
//     Reworded) must be the same when the state is rebuilt, and so must
//     Retention, which decides the evictions replayed; the others (MaxDF,
//     MinShared, Align, Sentences) bear on later documents only.
//
// Rebuilt:
//
//   - ids (ID hash -> document number), from the entries' IDs, under a new
//     idSeed: one 12-byte slot of a postings.Map, 16 to 32 bytes.
//   - copies (text hash -> document numbers), from the text hashes: 16 to
//     32 bytes a distinct text, 4 more a further copy.
//   - lsh, the MinHash LSH, from the band keys: 23 to 30 bytes a band, 370
//     to 480 a document.
//   - sims, the SimHash index, from the fingerprints: about 58 bytes.
//   - passage, the passage index, from the winnowed fingerprints: 16 to
//     32 bytes a fingerprint held by one document, 4 more a further one;
//     about 3.5n to 7n bytes.
//   - weak (document -> documents it shares only a short passage with,
//     both ways), from the pairs: 16 to 32 bytes for each document with
//     such a link, 4 a link and side beyond the first.
//   - shared (document -> matched words over its pairs), from the pairs
//     and the entries' word counts: 8 bytes.
//   - byDoc (document -> the indexes in pairs of its pairs), for
//     Detector.Document, from the pairs: about 27 bytes a pair.
//   - committed, the number of documents committed: len(docs).
//   - The other counts of Stats (entryBytes, fingerprints, passages,
//     weakLinks), from the entries, fingerprints, pairs and links.
//   - What forgetting keeps (forget.go), by replaying the adds, deletions
//     and the evictions the adds bring about: gone and forgotten, the
//     documents out of the indexes and out of the pairs and clusters (a
//     bit each per document ever added); for Options.Retention, the
//     newest time and the cutoff, the heap of ages (16 bytes a document
//     held), each entry's age, and evictions, their count; evicting,
//     empty once every document has committed.
//
// A forgotten document leaves its entry (nil in docs), its indexes'
// slots, its pairs and its weak links, but not its number: 8 bytes in
// docs, 16 in the Groupers, 8 in shared and 2 bits stay for each document
// ever added.
//
// Compaction (compact.go) writes the persisted state of the documents
// held, and the Groupers as they are, to a snapshot, after which the log
// records of forgotten documents and deletions leave the disk; Open
// rebuilds the rest from the snapshot and the records after it. The
// Detector counts the records on disk (onDisk) to decide when.
//
// Not state: the scratch buffers of admission (near, cands, scratch,
// flagged, sink), the locks, and verifications, a count for tests.

// An entry is what a Detector keeps of a document once added: about 3
// bytes a word (5.3 with Options.Reworded), and no pointers but its
// slices, so that a million documents cost the garbage collector little.
type entry struct {
	id    string
	time  time.Time
	words []uint16 // word codes (shingle.Word), for alignment and exact Jaccard
	offs  []byte   // word positions in Text and classes, about a byte a word: see appendPos
	nset  int      // distinct shingles
	// For the sentence aligner (Options.Reworded, Compare): each word's
	// term code and the breaks before words, four to a byte
	// (cluster.AppendTerms).
	terms  []uint16
	breaks []byte
	// age orders documents for eviction (Options.Retention): its time, or
	// if it has none, the newest time seen when it was admitted.
	age stamp
}

// Word classes, kept with each word's position: templates are told by
// their differing figures and names.
const (
	classOther = iota
	classDigit // starts with a digit
	classUpper // starts with an upper-case letter
)

// wordClass returns the class of a word.
func wordClass(w []byte) uint8 {
	r, _ := utf8.DecodeRune(w)
	switch {
	case unicode.IsDigit(r):
		return classDigit
	case unicode.IsUpper(r):
		return classUpper
	}
	return classOther
}

// A wordPos is where a word is in a document's Text, and its class.
type wordPos struct {
	start, end int32
	class      uint8
}

// appendPos appends a word's position, given as the gap from the end of
// the word before and its length, and its class. A word one space from the
// last, or none, or two, and at most 15 bytes long takes one byte: the gap
// in the top two bits, the class in the next two, the length in the low
// four. Any other takes the byte 0b11cc0000 and varints of gap and length.
func appendPos(b []byte, gap, n int, class uint8) []byte {
	if 0 <= gap && gap <= 2 && 1 <= n && n <= 15 {
		return append(b, byte(gap)<<6|class<<4|byte(n))
	}
	b = append(b, 0xC0|class<<4)
	b = binary.AppendVarint(b, int64(gap))
	return binary.AppendUvarint(b, uint64(n))
}

// bytes returns the memory e takes, with its pointer in Detector.docs:
// an estimate, which leaves out the allocator's rounding.
func (e *entry) bytes() int {
	return entrySize + len(e.id) + 2*len(e.words) + len(e.offs) + 2*len(e.terms) + len(e.breaks)
}

// entrySize is the size of an entry and of its pointer in Detector.docs
// on a 64-bit platform.
const entrySize = 160 + 8

// positions appends the positions of the entry's words to dst. Cost:
// O(words).
func (e *entry) positions(dst []wordPos) []wordPos {
	prevEnd := 0
	for b := e.offs; len(b) > 0; {
		c := b[0]
		b = b[1:]
		gap, n := int(c>>6), int(c&15)
		if gap == 3 {
			g, k := binary.Varint(b)
			b = b[k:]
			l, k := binary.Uvarint(b)
			b = b[k:]
			gap, n = int(g), int(l)
		}
		s := prevEnd + gap
		prevEnd = s + n
		dst = append(dst, wordPos{int32(s), int32(prevEnd), c >> 4 & 3})
	}
	return dst
}

// span returns the byte range of the words [s, e) given their positions.
func span(pos []wordPos, s, e int) (int, int) {
	start := int(pos[s].start)
	return start, max(start, int(pos[e-1].end))
}
