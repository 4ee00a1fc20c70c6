package dedupe

import (
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/newsreuse/dedupe/cluster"
)

// Options configures a Detector. The zero Options is usable: every zero
// field takes the default given with it. Every field has a range, given
// with it, that Validate checks; 0 is always valid and negative values
// never are.
type Options struct {
	// Shingle is the number of words in a shingle, at most 32; 0 means 5.
	Shingle int
	// Seed seeds every hash. Signatures made under different seeds do not
	// compare.
	Seed uint32
	// Threshold is the Jaccard similarity of two documents' shingle sets at
	// which they are near-duplicates, in (0, 1]; 0 means 0.8.
	Threshold float64
	// Permutations is the size of MinHash signatures, at most 1024; 0
	// means 128. Hashing a document costs time in proportion to it, and
	// New's choice of LSH bands about its square (64 ms at 1024).
	Permutations int
	// Hamming is the largest SimHash distance at which two documents are
	// compared as likely near-exact copies, at most 64; 0 means 3.
	Hamming int
	// Window is the winnowing window, in shingles, of the passage index:
	// any shared run of Window+Shingle-1 words is guaranteed to be seen.
	// At most 256; 0 means 8.
	Window int
	// MinShared is how many passage fingerprints a document must share
	// with an earlier one before the two are aligned, at most 2³¹-1; 0
	// means 2.
	MinShared int
	// MaxDF bounds the work a frequent passage fingerprint costs: of one
	// found in more than MaxDF documents (site chrome, stock phrases, or a
	// story reprinted everywhere) only the most recent few documents become
	// candidates. Whether shared text is boilerplate is judged apart from
	// it, by where else the text recurs. It bounds the MinHash index's
	// buckets too: one holding more than MaxDF documents (stories from one
	// template) gives its MaxDF most recent (minhash.LSH.MaxBucket).
	// At most 65536; 0 means 50.
	MaxDF int
	// MaxDocumentBytes is the largest document, in bytes of Text, that Add,
	// AddPrepared and AddAll accept; a larger one is refused with
	// ErrTooLarge. At most 2³¹-1 (positions are 32-bit); 0 means 64 MiB.
	// Memory grows linearly with a document's size: preparing a document
	// of n words allocates about 30n bytes besides its text; verifying it
	// takes up to about 90n more at its peak, plus 8 bytes a word of its
	// largest candidate and 12 a run of words the two share; the Detector
	// keeps about 3n. (Generated news has about 6.6 bytes a word: with the
	// command dedupe, one 250 MB document peaks at 1.4 GB, two at 3.2 GB,
	// or 3.9 GB when they are near-duplicates.)
	MaxDocumentBytes int
	// NearOnly compares whole documents only (MinHash and SimHash), with no
	// passage index and no alignment: the fast mode for cleaning
	// collections of near-duplicates.
	NearOnly bool
	// Align tunes passage alignment. Its ranges: SeedK at most 32, MaxGap
	// at most 256, MaxRepeat at most 1024, MinDensity in (0, 1], MinWords
	// and MinRun at most 2³¹-1.
	Align cluster.AlignOptions
	// Sentences tunes the alignment of reworded passages (paraphrased,
	// translated or summarized) sentence by sentence. Its ranges: the
	// cosines and MinDice in (0, 1], MaxGap and SummaryGap at most 256,
	// MinBytes and MinSeeds at most 2³¹-1.
	Sentences cluster.SentenceOptions
	// Retention, when positive, keeps only recent documents: a document
	// older than the newest document's time minus Retention is evicted,
	// as Delete removes one. A document's age is its Time, or, if it has
	// none, the newest Time of the documents added before it (so a stream
	// with no times evicts nothing). Eviction is incremental: each Add
	// evicts at most a few of the documents past the window, the oldest
	// first, and those waiting are matched no more. Stats counts the
	// evictions. An index (Open) keeps the Retention it was made with.
	Retention time.Duration
	// Reworded makes Add look for reworded passages too, as Compare and
	// Similarity always do. It is off by default: across a stream of news,
	// stories written from one template, or about one event, share
	// sentences that differ only in their figures and names, and the
	// corpus rules that keep boilerplate from linking stories need the
	// exact text that rewording removes. Costs about 4x the CPU of Add.
	Reworded bool
}

func (o Options) withDefaults() Options {
	if o.Shingle <= 0 {
		o.Shingle = 5
	}
	if o.Threshold <= 0 {
		o.Threshold = 0.8
	}
	if o.Permutations <= 0 {
		o.Permutations = 128
	}
	if o.Hamming <= 0 {
		o.Hamming = 3
	}
	if o.Window <= 0 {
		o.Window = 8
	}
	if o.MinShared <= 0 {
		o.MinShared = 2
	}
	return o
}

// defaultMaxDocumentBytes is what a zero Options.MaxDocumentBytes means.
const defaultMaxDocumentBytes = 64 << 20

// maxDocumentBytes returns the largest document accepted.
func (o Options) maxDocumentBytes() int {
	if o.MaxDocumentBytes > 0 {
		return o.MaxDocumentBytes
	}
	return defaultMaxDocumentBytes
}

// An OptionError reports an Options field out of its range.
type OptionError struct {
	Field string // the field's path: "Threshold", "Align.MinDensity"
	Value string // its value, formatted
	Range string // its range, as "[1, 32]" or "(0, 1]"; 0 is valid too
}

func (e *OptionError) Error() string {
	return "dedupe: Options." + e.Field + " " + e.Value + " out of range " + e.Range
}

// Validate checks every field of o against its documented range and
// returns an *OptionError naming the first field out of range, or nil.
// Zero is always valid, and means the field's default; negative values
// never are. The bounds keep the work of a Detector sane: New panics on
// options that Validate refuses, so options from users are to be checked
// with Validate first.
func (o Options) Validate() error {
	const maxInt32 = math.MaxInt32
	ints := []struct {
		field   string
		v, high int
	}{
		{"Shingle", o.Shingle, 32},
		{"Permutations", o.Permutations, 1024},
		{"Hamming", o.Hamming, 64},
		{"Window", o.Window, 256},
		{"MinShared", o.MinShared, maxInt32},
		{"MaxDF", o.MaxDF, 65536},
		{"MaxDocumentBytes", o.MaxDocumentBytes, maxInt32},
		{"Align.SeedK", o.Align.SeedK, 32},
		{"Align.MaxGap", o.Align.MaxGap, 256},
		{"Align.MinWords", o.Align.MinWords, maxInt32},
		{"Align.MinRun", o.Align.MinRun, maxInt32},
		{"Align.MaxRepeat", o.Align.MaxRepeat, 1024},
		{"Sentences.MaxGap", o.Sentences.MaxGap, 256},
		{"Sentences.SummaryGap", o.Sentences.SummaryGap, 256},
		{"Sentences.MinBytes", o.Sentences.MinBytes, maxInt32},
		{"Sentences.MinSeeds", o.Sentences.MinSeeds, maxInt32},
	}
	for _, f := range ints {
		if f.v < 0 || f.v > f.high {
			return &OptionError{f.field, strconv.Itoa(f.v), fmt.Sprintf("[1, %d]", f.high)}
		}
	}
	if o.Retention < 0 {
		return &OptionError{"Retention", o.Retention.String(), "(0, ∞)"}
	}
	fracs := []struct {
		field string
		v     float64
	}{
		{"Threshold", o.Threshold},
		{"Align.MinDensity", o.Align.MinDensity},
		{"Sentences.MinCosine", o.Sentences.MinCosine},
		{"Sentences.MinDice", o.Sentences.MinDice},
		{"Sentences.MinPassageCosine", o.Sentences.MinPassageCosine},
		{"Sentences.MinBestCosine", o.Sentences.MinBestCosine},
	}
	for _, f := range fracs {
		if !(f.v >= 0 && f.v <= 1) { // NaN too
			return &OptionError{f.field, strconv.FormatFloat(f.v, 'g', -1, 64), "(0, 1]"}
		}
	}
	return nil
}
