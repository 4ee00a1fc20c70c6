package synth

import (
	"bytes"
	"encoding/json"
	"io"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func writeBytes(t testing.TB, o Options) ([]byte, Stats) {
	t.Helper()
	var buf bytes.Buffer
	st, err := Write(&buf, o)
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), st
}

func TestDeterminism(t *testing.T) {
	o := Options{Seed: 42, Stories: 40}
	a, _ := writeBytes(t, o)
	b, _ := writeBytes(t, o)
	if !bytes.Equal(a, b) {
		t.Fatal("same seed produced different output")
	}
	o.Seed = 43
	c, _ := writeBytes(t, o)
	if bytes.Equal(a, c) {
		t.Fatal("different seeds produced identical output")
	}
	g1, g2 := Generate(Options{Seed: 42, Stories: 40}), Generate(Options{Seed: 42, Stories: 40})
	if !slices.Equal(g1.Docs, g2.Docs) || !slices.Equal(g1.Reuses, g2.Reuses) {
		t.Fatal("Generate is not deterministic")
	}
}

type jsonDoc struct {
	ID   string `json:"id"`
	Text string `json:"text"`
	Time string `json:"time"`
}

func TestWriteMatchesGenerate(t *testing.T) {
	o := Options{Seed: 7, Stories: 25}
	out, st := writeBytes(t, o)
	c := Generate(o)
	lines := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	if len(lines) != len(c.Docs) || st.Docs != len(c.Docs) || st.Bytes != int64(len(out)) {
		t.Fatalf("lines %d, docs %d, stats %+v, bytes %d", len(lines), len(c.Docs), st, len(out))
	}
	for i, l := range lines {
		var d jsonDoc
		if err := json.Unmarshal([]byte(l), &d); err != nil {
			t.Fatalf("line %d: %v", i, err)
		}
		want := c.Docs[i]
		if d.ID != want.ID || d.Text != want.Text || d.Time != want.Time.Format(time.RFC3339) {
			t.Fatalf("line %d differs from Generate: %q vs %q", i, d.ID, want.ID)
		}
	}
}

func docIndex(c *Corpus) map[string]*Doc {
	m := map[string]*Doc{}
	for i := range c.Docs {
		m[c.Docs[i].ID] = &c.Docs[i]
	}
	return m
}

func TestGroundTruth(t *testing.T) {
	c := Generate(Options{Seed: 5, Stories: 300})
	byID := docIndex(c)
	kinds := map[string]int{}
	for _, d := range c.Docs {
		kinds[d.Kind]++
		if !utf8.ValidString(d.Text) {
			t.Fatalf("%s: invalid UTF-8", d.ID)
		}
	}
	for _, k := range []string{KindWire, KindReprint, KindTrim, KindEdit, KindOCR, KindEmbed,
		KindRewrite, KindLocal, KindEarnings, KindSports, KindWeather} {
		if kinds[k] == 0 {
			t.Errorf("no documents of kind %s (%v)", k, kinds)
		}
	}
	rk := map[string]int{}
	minFrac := map[string]float64{}
	withWire := map[string]bool{}
	for _, r := range c.Reuses {
		a, b := byID[r.A], byID[r.B]
		if a == nil || b == nil || r.A >= r.B {
			t.Fatalf("bad pair %+v", r)
		}
		for _, sp := range []struct {
			text       string
			start, end int
		}{{a.Text, r.AStart, r.AEnd}, {b.Text, r.BStart, r.BEnd}} {
			if sp.start < 0 || sp.start >= sp.end || sp.end > len(sp.text) ||
				!utf8.RuneStart(sp.text[sp.start]) || (sp.end < len(sp.text) && !utf8.RuneStart(sp.text[sp.end])) {
				t.Fatalf("bad span %+v", r)
			}
		}
		sa, sb := a.Text[r.AStart:r.AEnd], b.Text[r.BStart:r.BEnd]
		rk[r.Kind]++
		switch r.Kind {
		case KindReprint, KindTrim, KindEmbed:
			if strings.Join(strings.Fields(sa), " ") != strings.Join(strings.Fields(sb), " ") {
				t.Fatalf("%s pair %s/%s: spans differ:\n%q\n%q", r.Kind, r.A, r.B, sa, sb)
			}
		case KindEdit, KindOCR:
			f := min(sharedFrac(sa, sb), sharedFrac(sb, sa))
			key := r.Kind + "/copy"
			if a.Kind == KindWire {
				key = r.Kind + "/wire"
			}
			if v, ok := minFrac[key]; !ok || f < v {
				minFrac[key] = f
			}
			// Against the wire original >= 80% shared words; two
			// independently edited or OCR'd copies compound their noise.
			limit := 0.8
			if a.Kind != KindWire {
				limit = 0.7
			}
			if f < limit {
				t.Errorf("%s pair %s/%s shares only %.2f of words", r.Kind, r.A, r.B, f)
			}
		default:
			t.Fatalf("bad kind %+v", r)
		}
		if len(normWords(sa)) < 10 {
			t.Errorf("pair %s/%s shares fewer than 10 words", r.A, r.B)
		}
		if a.Kind == KindWire {
			if c.Source[r.B] != r.A || r.Kind != b.Kind {
				t.Errorf("pair %+v disagrees with Source/Kind", r)
			}
			withWire[r.B] = true
		} else if c.Source[r.A] != c.Source[r.B] {
			t.Errorf("copies %s and %s of different stories paired", r.A, r.B)
		}
	}
	t.Logf("docs by kind %v; pairs by kind %v; min shared fraction %v", kinds, rk, minFrac)
	for id, w := range c.Source {
		if !withWire[id] {
			t.Errorf("copy %s of %s has no pair with its wire original", id, w)
		}
		if !byID[id].Time.After(byID[w].Time) {
			t.Errorf("copy %s not later than wire %s", id, w)
		}
	}
	for id, w := range c.Rewrites {
		if byID[w].Kind != KindWire || !byID[id].Time.After(byID[w].Time) {
			t.Errorf("rewrite %s: bad source %s", id, w)
		}
	}
	if len(c.Outlets) != defOutlets+1 || c.Outlets[0].Name != wireName {
		t.Errorf("outlets: %d", len(c.Outlets))
	}
}

// Chrome recurs verbatim in every document of its outlet.
func TestChromeRecurs(t *testing.T) {
	c := Generate(Options{Seed: 9, Stories: 50})
	outlets := map[string]Outlet{}
	for _, o := range c.Outlets {
		outlets[o.Name] = o
	}
	for _, d := range c.Docs {
		o, ok := outlets[d.Outlet]
		if !ok {
			t.Fatalf("%s: unknown outlet %q", d.ID, d.Outlet)
		}
		if !strings.HasPrefix(d.Text, o.Header) || !strings.HasSuffix(d.Text, o.Footer) {
			t.Fatalf("%s (%s): chrome missing", d.ID, d.Outlet)
		}
	}
}

// Unrelated documents share no 8-word run with wire text once outlet
// chrome and stock phrases are masked out. Brute force over a small corpus.
func TestUnrelatedShareNoWireRuns(t *testing.T) {
	c := Generate(Options{Seed: 11, Stories: 80, Unrelated: 0.5})
	bp := boilerplate(c)
	wire := map[string]bool{}
	for _, d := range c.Docs {
		if d.Kind == KindWire {
			runs(mask(d.Text, bp), 8, wire)
		}
	}
	checked := 0
	for _, d := range c.Docs {
		switch d.Kind {
		case KindLocal, KindEarnings, KindSports, KindWeather:
		default:
			continue
		}
		checked++
		mine := map[string]bool{}
		runs(mask(d.Text, bp), 8, mine)
		for r := range mine {
			if wire[r] {
				t.Errorf("%s (%s) shares wire run %q", d.ID, d.Kind, r)
			}
		}
	}
	if checked < 50 {
		t.Fatalf("only %d unrelated docs", checked)
	}
}

// Rewrites keep no run of 10 words of their wire original.
func TestRewritesAreNotReuse(t *testing.T) {
	c := Generate(Options{Seed: 13, Stories: 150, Rewrite: 0.5})
	byID := docIndex(c)
	bp := boilerplate(c)
	if len(c.Rewrites) < 20 {
		t.Fatalf("only %d rewrites", len(c.Rewrites))
	}
	for id, w := range c.Rewrites {
		wr := map[string]bool{}
		runs(mask(byID[w].Text, bp), 10, wr)
		mine := map[string]bool{}
		runs(mask(byID[id].Text, bp), 10, mine)
		for r := range mine {
			if wr[r] {
				t.Errorf("rewrite %s keeps run %q of %s", id, r, w)
			}
		}
		if f := sharedFrac(byID[id].Text, byID[w].Text); f < 0.2 {
			t.Errorf("rewrite %s shares only %.2f of words with %s: not about the same story", id, f, w)
		}
	}
}

// Rewritten copies (Options.Rewritten) keep runs of 8 words of their
// wire original, in each paragraph they derive from, and no run of 20;
// quoted reports share no run of 20 words with it, and their own words
// none of 8 besides the quotation.
func TestRewrittenAndQuoted(t *testing.T) {
	c := Generate(Options{Seed: 17, Stories: 60, Rewritten: 0.25})
	byID := docIndex(c)
	bp := boilerplate(c)
	shared := func(a, b string, n int) int {
		ra, rb := map[string]bool{}, map[string]bool{}
		runs(mask(a, bp), n, ra)
		runs(mask(b, bp), n, rb)
		k := 0
		for r := range rb {
			if ra[r] {
				k++
			}
		}
		return k
	}
	rewritten, quoted := 0, 0
	for _, d := range c.Docs {
		w := c.Source[d.ID]
		if d.Kind != KindRewritten || w == "" {
			continue
		}
		rewritten++
		if n := shared(byID[w].Text, d.Text, 20); n > 0 {
			t.Errorf("rewritten %s keeps %d runs of 20 words of %s", d.ID, n, w)
		}
		if n := shared(byID[w].Text, d.Text, 8); n < 3 {
			t.Errorf("rewritten %s keeps %d runs of 8 words of %s, want 3 or more", d.ID, n, w)
		}
	}
	for q, w := range c.Quoted {
		if w == "" {
			continue
		}
		quoted++
		if n := shared(byID[w].Text, byID[q].Text, 20); n > 0 {
			t.Errorf("quoted %s keeps %d runs of 20 words of %s", q, n, w)
		}
		// A run of at most 19 words holds at most 12 runs of 8.
		if n := shared(byID[w].Text, byID[q].Text, 8); n > 12 {
			t.Errorf("quoted %s shares %d runs of 8 words with %s: more than one quotation", q, n, w)
		}
	}
	if rewritten < 20 || quoted < 20 {
		t.Fatalf("only %d rewritten copies and %d quoted reports", rewritten, quoted)
	}
}

func TestTargetBytes(t *testing.T) {
	const target = 1 << 20
	out, st := writeBytes(t, Options{Seed: 1, TargetBytes: target})
	if st.Bytes != int64(len(out)) || st.Docs != bytes.Count(out, []byte("\n")) {
		t.Fatalf("stats %+v, %d bytes", st, len(out))
	}
	if d := float64(st.Bytes-target) / target; d < -0.1 || d > 0.1 {
		t.Fatalf("wrote %d bytes for target %d", st.Bytes, target)
	}
	// A smaller target yields a prefix.
	small, _ := writeBytes(t, Options{Seed: 1, TargetBytes: target / 4})
	if !bytes.HasPrefix(out, small) {
		t.Fatal("smaller target is not a prefix")
	}
}

func TestUnrelatedOnly(t *testing.T) {
	c := Generate(Options{Seed: 2, Stories: 90, Unrelated: 1, Outlets: 3})
	if len(c.Docs) != 90 || len(c.Reuses) != 0 || len(c.Source) != 0 {
		t.Fatalf("docs %d, reuses %d", len(c.Docs), len(c.Reuses))
	}
	per := map[string]int{}
	for _, d := range c.Docs {
		per[d.Outlet]++
	}
	if len(per) != 3 {
		t.Fatalf("outlets %v", per)
	}
	for o, n := range per {
		if n < 15 {
			t.Errorf("outlet %s has only %d docs", o, n)
		}
	}
}

func TestNoneRates(t *testing.T) {
	c := Generate(Options{Seed: 3, Stories: 20, ReprintsPerStory: -1, Unrelated: -1, FooterLines: -1})
	if len(c.Docs) != 20 || len(c.Reuses) != 0 {
		t.Fatalf("docs %d reuses %d", len(c.Docs), len(c.Reuses))
	}
	c = Generate(Options{Seed: 3, Stories: 20, ReprintsPerStory: 6, Unrelated: -1, FooterLines: -1})
	for _, d := range c.Docs {
		if strings.Contains(d.Text, "All rights reserved. Privacy") {
			t.Fatalf("%s has a footer", d.ID)
		}
	}
}

func BenchmarkWrite(b *testing.B) {
	const size = 8 << 20
	b.SetBytes(size)
	for b.Loop() {
		st, err := Write(io.Discard, Options{Seed: 1, TargetBytes: size})
		if err != nil || st.Bytes < size {
			b.Fatal(err, st)
		}
	}
}

// TestMessyKinds: with Messy, every messy kind is generated and its
// true spans hold the wire paragraphs (as words for the exact kinds,
// mostly for the noisy ones); with NoOriginal, some stories' copies are
// paired only with each other; without either, the corpus is what it was
// (the Examples).
func TestMessyKinds(t *testing.T) {
	c := Generate(Options{Seed: 9, Stories: 200, Messy: 0.7, NoOriginal: 0.3})
	byID := docIndex(c)
	kinds := map[string]int{}
	for _, d := range c.Docs {
		kinds[d.Kind]++
	}
	for _, k := range MessyKinds {
		if kinds[k] == 0 {
			t.Errorf("no documents of kind %s (%v)", k, kinds)
		}
	}
	orphans, copyPairs := 0, 0
	for id, w := range c.Source {
		if w == "" {
			orphans++
			continue
		}
		if byID[w] == nil || byID[w].Kind != KindWire {
			t.Errorf("copy %s: source %s is no wire original", id, w)
		}
	}
	minFrac := map[string]float64{}
	for _, r := range c.Reuses {
		a, b := byID[r.A], byID[r.B]
		if a == nil || b == nil {
			t.Fatalf("pair %+v of a document not in the corpus", r)
		}
		if a.Kind != KindWire {
			copyPairs++
			if c.Source[r.A] != c.Source[r.B] {
				t.Errorf("copies %s and %s of different stories paired", r.A, r.B)
			}
		}
		sa, sb := a.Text[r.AStart:r.AEnd], b.Text[r.BStart:r.BEnd]
		f := min(sharedFrac(sa, sb), sharedFrac(sb, sa))
		if v, ok := minFrac[r.Kind]; !ok || f < v {
			minFrac[r.Kind] = f
		}
		limit := 0.99
		switch r.Kind {
		case KindEdit, KindTrimEdit, KindOCR, KindRestyle:
			limit = 0.6
		case KindHeavyOCR, KindReword:
			limit = 0.3
		}
		if f < limit {
			t.Errorf("%s pair %s/%s shares only %.2f of words", r.Kind, r.A, r.B, f)
		}
	}
	t.Logf("docs by kind %v; %d copies without their original; %d copy-to-copy pairs; min shared fraction %v", kinds, orphans, copyPairs, minFrac)
	if orphans == 0 || copyPairs == 0 {
		t.Errorf("%d copies without their original, %d copy-to-copy pairs", orphans, copyPairs)
	}
	for _, d := range c.Docs {
		switch d.Kind {
		case KindWrapped:
			if !strings.Contains(d.Text, "\n") {
				t.Errorf("%s: wrapped, but no line break", d.ID)
			}
		case KindOpening:
			if c.Source[d.ID] == "" {
				continue
			}
			var span int
			for _, r := range c.Reuses {
				if r.B == d.ID && r.A == c.Source[d.ID] {
					span = r.BEnd - r.BStart
				}
			}
			if 2*span >= len(d.Text) {
				t.Errorf("%s: the opening (%d bytes) is half of the copy or more (%d)", d.ID, span, len(d.Text))
			}
		}
	}
}
