package synth

import (
	"math"
	"math/rand/v2"
	"strconv"
	"time"
)

// epoch is the time of the first wire story.
var epoch = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).Unix()

const storySpacing = 600 // seconds between consecutive wire stories

// docBuf is a document under construction; buffers are reused.
type docBuf struct {
	text   []byte
	t      int64
	outlet int // index in gen.outlets; -1 for the wire service
	kind   string
	lo, hi int   // wire paragraphs [lo, hi) carried, for reuse kinds
	ps, pe []int // their offsets in text
	seq    int
	id     int
}

func (d *docBuf) reuse() bool {
	switch d.kind {
	case KindWire, KindReprint, KindTrim, KindEdit, KindOCR, KindEmbed,
		KindHeavyOCR, KindReword, KindTrimEdit, KindNewTop, KindEmbedOne,
		KindRestyle, KindOpening, KindWrapped, KindUnwrap, KindRewritten:
		return true
	}
	return false
}

// kindRank orders reuse kinds from exact to noisy; a pair of copies takes
// the kind of its noisier member.
var kindRank = map[string]int{
	KindWire: 0, KindReprint: 1, KindWrapped: 1, KindUnwrap: 1, KindTrim: 2,
	KindOpening: 3, KindNewTop: 3, KindEmbed: 3, KindEmbedOne: 3,
	KindEdit: 4, KindRestyle: 4, KindTrimEdit: 4, KindOCR: 5, KindReword: 6, KindHeavyOCR: 7,
	KindRewritten: 8,
}

// gen holds generator state. Each story is generated from its own PCG
// stream (Seed, story index), so output never depends on map order or on
// anything but Options.
type gen struct {
	o         Options
	lx        *lexicon
	src       *rand.PCG
	r         *rand.Rand
	zipfYears zipfTable
	cityZ     zipfTable
	outlets   []outlet
	perm      []int

	st  story
	le  ents
	rw  []byte
	tmp []byte

	toks []tokPos
	runs map[uint64]struct{}

	docs   []docBuf
	nd     int
	order  []int
	nextID int
}

func newGen(opts Options) *gen {
	o := opts.normalized()
	g := &gen{o: o, lx: getLex(), runs: map[uint64]struct{}{}}
	g.src = rand.NewPCG(o.Seed, 0x5eed0fc0ffee)
	g.r = rand.New(g.src)
	g.zipfYears = newZipf(12, 1.2)
	g.cityZ = newZipf(len(g.lx.cities), 0.9)
	g.outlets = makeOutlets(g.r, g.lx, o.Outlets, o.FooterLines)
	g.perm = make([]int, len(g.outlets))
	return g
}

func (g *gen) outletName(i int) string {
	if i < 0 {
		return wireName
	}
	return g.outlets[i].Name
}

func (g *gen) publicOutlets() []Outlet {
	out := []Outlet{{Name: wireName, Footer: wireTrailer}}
	for i := range g.outlets {
		out = append(out, g.outlets[i].Outlet)
	}
	return out
}

// newDoc returns the next reusable document buffer, reset.
func (g *gen) newDoc(kind string, outlet int, t int64) *docBuf {
	if g.nd == len(g.docs) {
		g.docs = append(g.docs, docBuf{})
	}
	d := &g.docs[g.nd]
	d.text = d.text[:0]
	d.ps, d.pe = d.ps[:0], d.pe[:0]
	d.lo, d.hi = 0, 0
	d.kind, d.outlet, d.t, d.seq = kind, outlet, t, g.nd
	g.nd++
	return d
}

// geometric draws a count with mean m (P(k) = p(1-p)^k).
func (g *gen) geometric(m float64) int {
	if m <= 0 {
		return 0
	}
	q := m / (1 + m)
	k := 0
	for g.r.Float64() < q && k < 10000 {
		k++
	}
	return k
}

func (g *gen) poisson(mu float64) int {
	if mu <= 0 {
		return 0
	}
	l, k, p := math.Exp(-mu), 0, 1.0
	for {
		p *= g.r.Float64()
		if p <= l {
			return k
		}
		k++
	}
}

// copyDelay is how long after the wire original an outlet runs its copy:
// log-normal around 90 minutes, from 2 minutes to 5 days.
func (g *gen) copyDelay() int64 {
	d := math.Exp(math.Log(90*60) + 1.3*g.r.NormFloat64())
	return int64(min(max(d, 120), 5*86400))
}

func (g *gen) copyKind() string {
	o := &g.o
	if o.Rewritten > 0 {
		if x := g.r.Float64(); x < o.Rewritten {
			return KindRewritten
		} else if x < 2*o.Rewritten {
			return KindQuoted
		}
	}
	if o.Messy > 0 && g.r.Float64() < o.Messy {
		return MessyKinds[g.r.IntN(len(MessyKinds))]
	}
	x := g.r.Float64()
	for _, k := range [...]struct {
		p    float64
		kind string
	}{{o.Trim, KindTrim}, {o.Edit, KindEdit}, {o.OCR, KindOCR}, {o.Embed, KindEmbed}, {o.Rewrite, KindRewrite}} {
		if x < k.p {
			return k.kind
		}
		x -= k.p
	}
	return KindReprint
}

// group generates story gi: the wire original, its copies and unrelated
// documents, leaving them in g.docs[:g.nd] and their output order in
// g.order.
func (g *gen) group(gi int) {
	g.src.Seed(g.o.Seed, uint64(gi)*0x9E3779B97F4A7C15+1)
	g.nd = 0
	t0 := epoch + int64(gi)*storySpacing + int64(g.r.IntN(storySpacing))
	if g.o.Unrelated >= 1 {
		g.unrelatedDoc(t0)
	} else {
		g.newWireStory(t0)
		g.wireDoc(t0)
		k := min(g.geometric(g.o.ReprintsPerStory), len(g.outlets))
		for i := range g.perm {
			g.perm[i] = i
		}
		for i := range k {
			j := i + g.r.IntN(len(g.perm)-i)
			g.perm[i], g.perm[j] = g.perm[j], g.perm[i]
			g.copyDoc(g.copyKind(), g.perm[i], t0+g.copyDelay())
		}
		mean := min(g.o.ReprintsPerStory, float64(len(g.outlets)))
		u := g.poisson(g.o.Unrelated / (1 - g.o.Unrelated) * (1 + mean))
		for range u {
			g.unrelatedDoc(t0 - 12*3600 + int64(g.r.IntN(3*86400)))
		}
	}
	// Output order: by time, then creation order (insertion sort: small).
	// A wire original left out (NoOriginal) is not in it.
	noOriginal := g.o.NoOriginal > 0 && g.o.Unrelated < 1 && g.r.Float64() < g.o.NoOriginal
	g.order = g.order[:0]
	for i := range g.nd {
		if noOriginal && g.docs[i].kind == KindWire {
			continue
		}
		j := len(g.order)
		g.order = append(g.order, i)
		for j > 0 && g.docs[g.order[j-1]].t > g.docs[i].t {
			g.order[j] = g.order[j-1]
			j--
		}
		g.order[j] = i
	}
	for _, i := range g.order {
		g.nextID++
		g.docs[i].id = g.nextID
	}
}

// appendID writes a document ID: "d" and at least 7 digits.
func appendID(b []byte, id int) []byte {
	b = append(b, 'd')
	for p := 1_000_000; p > 1 && id < p; p /= 10 {
		b = append(b, '0')
	}
	return strconv.AppendInt(b, int64(id), 10)
}

// run generates the corpus, calling emit for each document in output order
// and groupDone after each story. emit returns the bytes it accounts for.
func (g *gen) run(emit func(d *docBuf) (int, error), groupDone func()) error {
	var total int64
	for gi := 0; ; gi++ {
		if g.o.Stories > 0 && gi >= g.o.Stories {
			return nil
		}
		if g.o.TargetBytes > 0 && total >= g.o.TargetBytes {
			return nil
		}
		g.group(gi)
		for _, i := range g.order {
			n, err := emit(&g.docs[i])
			if err != nil {
				return err
			}
			total += int64(n)
		}
		if groupDone != nil {
			groupDone()
		}
	}
}

// Generate builds a corpus in memory with its ground truth. For corpora
// much larger than memory use Write, which produces the same documents.
func Generate(opts Options) *Corpus {
	g := newGen(opts)
	c := &Corpus{Source: map[string]string{}, Rewrites: map[string]string{}, Quoted: map[string]string{}, Outlets: g.publicOutlets()}
	var line []byte
	var ids []string // IDs of the current group by doc index
	emit := func(d *docBuf) (int, error) {
		line = appendJSONLine(line[:0], d)
		c.Docs = append(c.Docs, Doc{
			ID:     string(appendID(nil, d.id)),
			Text:   string(d.text),
			Time:   time.Unix(d.t, 0).UTC(),
			Outlet: g.outletName(d.outlet),
			Kind:   d.kind,
		})
		return len(line), nil
	}
	done := func() {
		ids = ids[:0]
		base := len(c.Docs) - len(g.order)
		for range g.nd {
			ids = append(ids, "")
		}
		for k, i := range g.order {
			ids[i] = c.Docs[base+k].ID
		}
		var wire string
		for _, i := range g.order {
			if g.docs[i].kind == KindWire {
				wire = ids[i]
			}
		}
		for a, i := range g.order {
			di := &g.docs[i]
			switch {
			case di.kind == KindRewrite:
				c.Rewrites[ids[i]] = wire
			case di.kind == KindQuoted:
				c.Quoted[ids[i]] = wire
			case di.reuse() && di.kind != KindWire:
				c.Source[ids[i]] = wire
			}
			if !di.reuse() {
				continue
			}
			for _, j := range g.order[a+1:] {
				dj := &g.docs[j]
				if !dj.reuse() || di.kind == KindRewritten && dj.kind == KindRewritten {
					// Two rewritten copies keep runs of their own.
					continue
				}
				lo, hi := max(di.lo, dj.lo), min(di.hi, dj.hi)
				if lo >= hi {
					continue
				}
				kind := di.kind
				if kindRank[dj.kind] > kindRank[kind] {
					kind = dj.kind
				}
				c.Reuses = append(c.Reuses, Reuse{
					A: ids[i], B: ids[j], Kind: kind,
					AStart: di.ps[lo-di.lo], AEnd: di.pe[hi-1-di.lo],
					BStart: dj.ps[lo-dj.lo], BEnd: dj.pe[hi-1-dj.lo],
				})
			}
		}
	}
	_ = g.run(emit, done)
	return c
}
