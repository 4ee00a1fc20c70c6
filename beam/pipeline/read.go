package pipeline

import (
	"context"
	"errors"
	"math"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/log"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"github.com/newsreuse/dedupe"
	"github.com/newsreuse/dedupe/corpus"
)

// Read and prepare: each file is read by the corpus package, as the
// command dedupe reads it, and each document is numbered by its place in
// the input (its ord: the file's index, then the document's) and prepared
// into its compact entry.

// A fileRef is an input file and its place in the input.
type fileRef struct {
	Index int
	Path  string
}

// A document is one document read, before preparation.
type document struct {
	ID      string
	Text    []byte
	HTML    bool
	HasTime bool
	Sec     int64
	Nsec    int64
}

// A fileCount is how many documents an input file holds: the documents
// of the files before it number those of a file in the input's order
// (commonFn.number).
type fileCount struct {
	Index int
	Docs  uint64
}

// A tally counts what the summary reports.
type tally struct {
	Docs, Words, Warnings int
	Bytes                 int64
}

func mergeTally(a, b tally) tally {
	return tally{Docs: a.Docs + b.Docs, Words: a.Words + b.Words, Warnings: a.Warnings + b.Warnings, Bytes: a.Bytes + b.Bytes}
}

// defaultMaxFileSize is corpus.Options.MaxFileSize's default, 256 MiB.
const defaultMaxFileSize = 256 << 20

// ordBits is how many bits of an ord number the document in its file:
// up to 2⁴⁰ documents a file, 2²⁴ files.
const ordBits = 40

// readFn reads one input file into documents, keyed by ord.
type readFn struct {
	MaxFileSize int64
	MaxLineSize int
}

func (f *readFn) ProcessElement(ctx context.Context, ref fileRef, emit func(uint64, document), count func(tally), files func(fileCount)) {
	warnings := 0
	file := ref.Path
	if remote(ref.Path) {
		maxSize := f.MaxFileSize
		switch {
		case maxSize == 0:
			maxSize = defaultMaxFileSize
		case maxSize < 0:
			maxSize = math.MaxInt64
		}
		local, done, err := fetch(ctx, ref.Path, maxSize)
		if err != nil {
			log.Warnf(ctx, "%v", err)
			count(tally{Warnings: 1})
			return
		}
		defer done()
		file = local
	}
	r := corpus.NewReader([]string{file}, corpus.Options{
		Warn:        func(error) { warnings++ },
		MaxFileSize: f.MaxFileSize,
		MaxLineSize: f.MaxLineSize,
	})
	var bytes int64
	seq := uint64(0)
	for r.Scan() {
		d := r.Doc()
		if d.ID == file { // a text file, named by its path
			d.ID = ref.Path
		}
		doc := document{ID: d.ID, Text: d.Content, HTML: d.Format == corpus.HTML}
		if !d.Time.IsZero() {
			doc.HasTime, doc.Sec, doc.Nsec = true, d.Time.Unix(), int64(d.Time.Nanosecond())
		}
		bytes += int64(len(d.Content))
		emit(uint64(ref.Index)<<ordBits|seq, doc)
		seq++
	}
	count(tally{Warnings: warnings, Bytes: bytes})
	files(fileCount{Index: ref.Index, Docs: seq})
	docsRead.Inc(ctx, int64(seq))
}

// prepareFn encodes each document into its compact entry.
type prepareFn struct {
	Options dedupe.Options
	b       *dedupe.Batch
}

func (f *prepareFn) Setup() error {
	var err error
	f.b, err = dedupe.NewBatch(f.Options)
	return err
}

func (f *prepareFn) ProcessElement(ctx context.Context, ord uint64, doc document, emit func(uint64, []byte), count func(tally)) error {
	d := dedupe.Document{ID: doc.ID, Text: doc.Text, HTML: doc.HTML}
	if doc.HasTime {
		d.Time = time.Unix(doc.Sec, doc.Nsec).UTC()
	}
	e, err := f.b.Encode(nil, d)
	if errors.Is(err, dedupe.ErrTooLarge) {
		count(tally{Warnings: 1})
		return nil
	}
	if err != nil {
		return err
	}
	entryBytes.Inc(ctx, int64(len(e)))
	emit(ord, e)
	count(tally{Docs: 1})
	return nil
}

var (
	docsRead   = beam.NewCounter("dedupe", "documents_read")
	entryBytes = beam.NewCounter("dedupe", "entry_bytes")
)

func init() {
	register.DoFn5x0[context.Context, fileRef, func(uint64, document), func(tally), func(fileCount)](&readFn{})
	register.DoFn5x1[context.Context, uint64, document, func(uint64, []byte), func(tally), error](&prepareFn{})
	register.Emitter2[uint64, document]()
	register.Emitter2[uint64, []byte]()
	register.Emitter1[tally]()
	register.Emitter1[fileCount]()
	register.Iter1[fileCount]()
	register.Function2x1(mergeTally)
}
