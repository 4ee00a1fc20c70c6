package dedupe

import "github.com/newsreuse/dedupe/cluster"

// Options configures a Detector. The zero Options is usable: every zero
// field takes the default given with it.
type Options struct {
	// Shingle is the number of words in a shingle; 0 means 5.
	Shingle int
	// Seed seeds every hash. Signatures made under different seeds do not
	// compare.
	Seed uint32
	// Threshold is the Jaccard similarity of two documents' shingle sets at
	// which they are near-duplicates; 0 means 0.8.
	Threshold float64
	// Permutations is the size of MinHash signatures; 0 means 128.
	Permutations int
	// Hamming is the largest SimHash distance at which two documents are
	// compared as likely near-exact copies; 0 means 3.
	Hamming int
	// Window is the winnowing window, in shingles, of the passage index:
	// any shared run of Window+Shingle-1 words is guaranteed to be seen.
	// 0 means 8.
	Window int
	// MinShared is how many passage fingerprints a document must share
	// with an earlier one before the two are aligned; 0 means 2.
	MinShared int
	// MaxDF bounds the work a frequent passage fingerprint costs: of one
	// found in more than MaxDF documents (site chrome, stock phrases, or a
	// story reprinted everywhere) only the most recent few documents become
	// candidates. Whether shared text is boilerplate is judged apart from
	// it, by where else the text recurs. It bounds the MinHash index's
	// buckets too: one holding more than MaxDF documents (stories from one
	// template) gives its MaxDF most recent (minhash.LSH.MaxBucket).
	// 0 means 50.
	MaxDF int
	// NearOnly compares whole documents only (MinHash and SimHash), with no
	// passage index and no alignment: the fast mode for cleaning
	// collections of near-duplicates.
	NearOnly bool
	// Align tunes passage alignment.
	Align cluster.AlignOptions
	// Sentences tunes the alignment of reworded passages (paraphrased,
	// translated or summarized) sentence by sentence.
	Sentences cluster.SentenceOptions
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
