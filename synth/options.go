package synth

import "time"

// Options controls corpus generation. The zero value is usable: every zero
// field takes the default stated in its comment. For the rate fields a
// negative value means "none" (so 0 can keep meaning "default").
type Options struct {
	// Seed selects the corpus: the same Seed and Options give byte-identical
	// output, a different Seed a different corpus.
	Seed uint64

	// Stories is the number of wire stories. Each story yields its wire
	// original, its outlet copies and its share of unrelated documents.
	// 0 means: unlimited if TargetBytes is set, else 100. When Unrelated
	// is >= 1 (unrelated documents only) Stories counts documents.
	Stories int

	// TargetBytes, if > 0, stops generation once about this many bytes of
	// JSON lines (as written by Write) have been produced. Generation stops
	// between stories, so the total overshoots by at most one story's
	// documents (tens of kilobytes). With Stories also set, whichever limit
	// is reached first wins. Output for a smaller target is a prefix of the
	// output for a larger one.
	TargetBytes int64

	// Outlets is the number of news outlets besides the wire service
	// (default 24, at most 1000). Each has its own fixed site chrome
	// (header, navigation, footer) that recurs in all of its documents, and
	// publishes at most one copy of each wire story. Unrelated documents
	// are spread uniformly over the outlets.
	Outlets int

	// ReprintsPerStory is the mean number of outlet copies per wire story,
	// rewrites included (default 3). Counts are geometric, so many stories
	// have zero or one copy and a few have many; capped at Outlets.
	ReprintsPerStory float64

	// Unrelated is the fraction of documents that are unrelated to any
	// wire story: local stories and formulaic template stories from the
	// outlets (default 0.3). 1 means a corpus of unrelated documents only.
	Unrelated float64

	// Shares of outlet copies by kind; whatever the five leave (default
	// 1-0.20-0.15-0.10-0.15-0.05 = 0.35) are full reprints. If they add up
	// to more than 1 they are scaled down to sum to 1.
	Trim    float64 // trimmed from the bottom, whole paragraphs (default 0.20)
	Edit    float64 // lightly edited: substitutions, insertions, deletions, a changed number (default 0.15)
	OCR     float64 // OCR noise and hard line breaks with broken hyphenation (default 0.10)
	Embed   float64 // 1-4 wire paragraphs embedded in a local story (default 0.15)
	Rewrite float64 // rewritten: only runs of < 10 words survive; NOT reuse (default 0.05)

	// EditRate is the per-word probability of an edit in edited copies
	// (default 0.04); each edited copy also changes one number.
	EditRate float64

	// OCRNoise is the per-letter probability of an OCR error in OCR copies
	// (default 0.008).
	OCRNoise float64

	// Templates is the fraction of unrelated documents that are formulaic
	// template stories (earnings reports, sports results, weather
	// forecasts) rather than local stories (default 0.35).
	Templates float64

	// Messy is the share of outlet copies of the messy kinds (MessyKinds:
	// heavy OCR noise, heavy rewording, trims with edits, re-issues under a
	// new top, one embedded paragraph, restyled figures, copied openings,
	// hard-wrapped and unwrapped texts), drawn evenly, before the shares
	// above apply to the rest. Default 0: none, so that a corpus of given
	// Options stays what it was.
	Messy float64

	// Rewritten is the share of outlet copies that are newspaper stories
	// rewritten from the wire story (KindRewritten), and as many again are
	// the outlet's own reports of the event quoting one wire quotation
	// (KindQuoted), drawn before Messy and the shares above; at most 0.5.
	// Default 0: none, so that a corpus of given Options stays what it
	// was.
	Rewritten float64

	// NoOriginal is the share of wire stories whose original is left out
	// of the corpus, as an aggregator rarely has it: their copies are tied
	// only copy to copy. Default 0: none.
	NoOriginal float64

	// FooterLines is the number of lines in each outlet's site footer
	// (default 5, at most 8). Outlets of the same chain share most footer
	// lines. Negative: no site header or footer at all.
	FooterLines int
}

// Document kinds (Doc.Kind). Reuse.Kind is one of the copy kinds reprint,
// trim, edit, ocr, embed, or a messy kind (MessyKinds).
const (
	KindWire     = "wire"     // wire-service original
	KindReprint  = "reprint"  // full reprint of the wire body
	KindTrim     = "trim"     // leading paragraphs only
	KindEdit     = "edit"     // lightly edited copy
	KindOCR      = "ocr"      // OCR-noisy copy
	KindEmbed    = "embed"    // wire paragraphs inside a local story
	KindRewrite  = "rewrite"  // same event, own words: not reuse
	KindLocal    = "local"    // unrelated local story
	KindEarnings = "earnings" // unrelated formulaic earnings report
	KindSports   = "sports"   // unrelated formulaic game result
	KindWeather  = "weather"  // unrelated formulaic forecast

	// The messy kinds (Options.Messy).
	KindHeavyOCR = "ocr-heavy" // OCR noise on 5-10 % of letters, hard line breaks
	KindReword   = "reword"    // a fifth to a third of the words replaced
	KindTrimEdit = "trim-edit" // trimmed from the bottom and edited
	KindNewTop   = "new-top"   // re-issued: a new top paragraph or two, the lede dropped
	KindEmbedOne = "embed-one" // one wire paragraph inside a local story
	KindRestyle  = "restyle"   // figures restyled ("8.3%" as "8.3 percent"), ages moved
	KindOpening  = "opening"   // the opening paragraphs, then the outlet's own text
	KindWrapped  = "wrapped"   // hard-wrapped at 60-76 columns, no noise
	KindUnwrap   = "unwrapped" // the paragraphs run together in one block

	// The kinds of Options.Rewritten.
	KindRewritten = "rewritten" // a run of 8-19 words of each of a few wire paragraphs, the rest the paper's own words and quotes
	KindQuoted    = "quoted"    // the paper's own report, sharing one wire quotation of 12-19 words: not reuse
)

// MessyKinds lists the messy kinds, in the order Options.Messy draws them.
var MessyKinds = []string{KindHeavyOCR, KindReword, KindTrimEdit, KindNewTop, KindEmbedOne, KindRestyle, KindOpening, KindWrapped, KindUnwrap}

// Doc is one generated document.
type Doc struct {
	ID     string
	Text   string
	Time   time.Time
	Outlet string // outlet name; "The Associated Press" for wire originals
	Kind   string // one of the Kind constants
}

// Reuse says that documents A and B share wire text: A's bytes
// [AStart, AEnd) and B's bytes [BStart, BEnd) cover the same wire
// paragraphs (for edited and noisy copies, the span covering the copied
// region). A is the earlier document (smaller ID). Reprint, trim and embed
// spans are identical up to whitespace; edit and ocr spans are near copies.
type Reuse struct {
	A, B string
	// Kind is B's kind when A is the wire original; for two copies it is
	// the noisier of the two, by precedence ocr > edit > embed > trim >
	// reprint.
	Kind                       string
	AStart, AEnd, BStart, BEnd int
}

// Outlet is a publisher and the chrome that recurs in all its documents.
type Outlet struct {
	Name   string
	Header string // text before each article ("" for the wire service)
	Footer string // text after each article
}

// Corpus is a generated corpus with its ground truth.
type Corpus struct {
	Docs []Doc // in ID order
	// Reuses lists every pair of documents that share wire text, once,
	// with where. Pairs of copies are included (their shared paragraphs).
	Reuses []Reuse
	// Source maps each copy that shares wire text (reprint, trim, edit,
	// ocr, embed and the messy kinds) to the ID of its wire original, ""
	// when the original was left out (Options.NoOriginal).
	Source map[string]string
	// Rewrites maps each rewrite (same story, no reused run of 10 words)
	// to its wire original. Rewrites are not in Source or Reuses.
	Rewrites map[string]string
	// Quoted maps each own report quoting one wire quotation
	// (KindQuoted) to its wire original. They are not in Source or
	// Reuses.
	Quoted map[string]string
	// Outlets lists the wire service (first) and the outlets.
	Outlets []Outlet
}

// Stats reports what Write produced.
type Stats struct {
	Docs  int
	Bytes int64
}

const (
	defOutlets  = 24
	maxOutlets  = 1000
	defReprints = 3
	defUnrel    = 0.3
	defTrim     = 0.20
	defEdit     = 0.15
	defOCR      = 0.10
	defEmbed    = 0.15
	defRewrite  = 0.05
	defEditRate = 0.04
	defOCRNoise = 0.008
	defTemplate = 0.35
	defFooter   = 5
	maxFooter   = 8
)

// rate applies the "0 => default, negative => none" convention.
func rate(v, def float64) float64 {
	switch {
	case v == 0:
		return def
	case v < 0:
		return 0
	}
	return v
}

func (o Options) normalized() Options {
	o.Stories = max(o.Stories, 0)
	if o.Stories == 0 && o.TargetBytes <= 0 {
		o.Stories = 100
	}
	if o.Outlets <= 0 {
		o.Outlets = defOutlets
	}
	o.Outlets = min(o.Outlets, maxOutlets)
	o.ReprintsPerStory = rate(o.ReprintsPerStory, defReprints)
	o.Unrelated = min(rate(o.Unrelated, defUnrel), 1)
	o.Trim = rate(o.Trim, defTrim)
	o.Edit = rate(o.Edit, defEdit)
	o.OCR = rate(o.OCR, defOCR)
	o.Embed = rate(o.Embed, defEmbed)
	o.Rewrite = rate(o.Rewrite, defRewrite)
	if s := o.Trim + o.Edit + o.OCR + o.Embed + o.Rewrite; s > 1 {
		o.Trim /= s
		o.Edit /= s
		o.OCR /= s
		o.Embed /= s
		o.Rewrite /= s
	}
	o.EditRate = min(rate(o.EditRate, defEditRate), 0.5)
	o.OCRNoise = min(rate(o.OCRNoise, defOCRNoise), 0.5)
	o.Templates = min(rate(o.Templates, defTemplate), 1)
	o.Messy = min(max(o.Messy, 0), 1)
	o.Rewritten = min(max(o.Rewritten, 0), 0.5)
	o.NoOriginal = min(max(o.NoOriginal, 0), 1)
	switch {
	case o.FooterLines == 0:
		o.FooterLines = defFooter
	case o.FooterLines > maxFooter:
		o.FooterLines = maxFooter
	}
	return o
}
