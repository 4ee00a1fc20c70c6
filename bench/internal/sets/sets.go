// Package sets reads documents and turns each into the set of shingle hashes
// that every tool in the kit compares: dedupe's lower-cased, normalized
// 5-word shingles (package shingle), deduplicated and sorted, exactly as
// dedupe.Detector computes them. Sharing this one definition is what makes
// the exact-Jaccard truth and the peers' pairs comparable with dedupe's.
package sets

import (
	"fmt"
	"io"
	"slices"

	"github.com/newsreuse/dedupe/corpus"
	"github.com/newsreuse/dedupe/markup"
	"github.com/newsreuse/dedupe/shingle"
)

// K is the number of words per shingle.
const K = 5

// A Builder computes shingle sets, reusing its buffers between calls. The
// zero Builder uses K-word shingles and seed 0, like dedupe's defaults. A
// Builder is not safe for concurrent use.
type Builder struct {
	toks []shingle.Token
	buf  []uint64
}

// Set returns the sorted distinct shingle hashes of text in a newly
// allocated slice; nil for a text with no words. A text of fewer than K
// words has one shingle, as in dedupe.
func (b *Builder) Set(text []byte) []uint64 {
	sh := shingle.Shingler{K: K}
	b.toks = sh.AppendTokens(b.toks[:0], text)
	b.buf = sh.AppendHashes(b.buf[:0], b.toks)
	if len(b.buf) == 0 {
		return nil
	}
	slices.Sort(b.buf)
	return slices.Clone(slices.Compact(b.buf))
}

// A Doc is one document's ID, text size and shingle set.
type Doc struct {
	ID    string
	Bytes int // length of the text
	Set   []uint64
}

// Read reads the documents under paths with dedupe's corpus reader (the
// same files, IDs and texts the dedupe command sees) and calls fn with each
// in order. Warnings about unreadable input go to warn, if not nil. JSON
// lines are decoded ahead on that many goroutines
// (corpus.Options.Decoders); 0 reads on the calling goroutine alone.
func Read(paths []string, decoders int, warn io.Writer, fn func(Doc)) error {
	r := corpus.NewReader(paths, corpus.Options{Decoders: decoders, Warn: func(err error) {
		if warn != nil {
			fmt.Fprintf(warn, "warning: %v\n", err)
		}
	}})
	defer r.Close()
	var b Builder
	for r.Scan() {
		d := r.Doc()
		text := d.Content
		if d.Format == corpus.HTML {
			text, _ = markup.HTML(text)
		}
		fn(Doc{ID: d.ID, Bytes: len(d.Content), Set: b.Set(text)})
	}
	return r.Err()
}

// A Corpus holds the shingle sets of a whole corpus in reading order.
type Corpus struct {
	IDs   []string
	Sets  [][]uint64
	Bytes int64 // total text bytes
}

// Load reads the documents under paths into a Corpus, on the calling
// goroutine alone.
func Load(paths []string, warn io.Writer) (*Corpus, error) {
	c := &Corpus{}
	err := Read(paths, 0, warn, func(d Doc) {
		c.IDs = append(c.IDs, d.ID)
		c.Sets = append(c.Sets, d.Set)
		c.Bytes += int64(d.Bytes)
	})
	return c, err
}
