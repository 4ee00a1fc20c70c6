package cluster

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/newsreuse/dedupe/shingle"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestStem(t *testing.T) {
	same := [][]string{
		{"reduce", "reduces", "reduced", "reducing"},
		{"stop", "stops", "stopped", "stopping"},
		{"city", "cities"},
		{"create", "created", "creating", "creates"},
		{"organize", "organise", "organized", "organised"},
		{"quick", "quickly"},
		{"fall", "falls", "falling"},
		{"agree", "agreed"},
	}
	for _, g := range same {
		want := string(stem([]byte(g[0])))
		for _, w := range g[1:] {
			assert.Equal(t, want, string(stem([]byte(w))), "%s vs %s", w, g[0])
		}
	}
	differ := [][2]string{{"stop", "step"}, {"bus", "bu"}, {"class", "clas"}, {"wing", "win"}}
	for _, p := range differ {
		assert.NotEqual(t, string(stem([]byte(p[0]))), string(stem([]byte(p[1]))), "%s vs %s", p[0], p[1])
	}
	// Never below three letters, and idempotent enough not to grow.
	for _, w := range []string{"ies", "sses", "eed", "ing", "ed", "ly", "abcs", "ness", "ment"} {
		got := stem([]byte(w))
		assert.GreaterOrEqual(t, len(got), min(3, len(w)), w)
		assert.LessOrEqual(t, len(got), len(w), w)
	}
}

func termOf(s string) uint64 {
	toks := shingle.Shingler{}.AppendTokens(nil, []byte(s))
	if len(toks) != 1 {
		panic(fmt.Sprintf("%q: %d tokens", s, len(toks)))
	}
	return termHash([]byte(s), toks[0].Start, toks[0].End, toks[0].Hash)
}

func TestTermHash(t *testing.T) {
	assert.Zero(t, termOf("of"), "short words are no terms")
	assert.True(t, isStopTerm(termOf("the")))
	assert.True(t, isStopTerm(termOf("Which")))
	assert.False(t, isStopTerm(termOf("summit")))
	assert.Equal(t, termOf("Summits"), termOf("summit"))
	assert.Equal(t, termOf("don't"), termOf("don’t"), "typographic apostrophe")
	assert.True(t, isStopTerm(termOf("don’t")))
	assert.Equal(t, termOf("decades-old"), termOf("decadesold"))
	assert.NotEqual(t, termOf("summit"), termOf("summon"))
	assert.Equal(t, termOf("Café"), termOf("CAFÉ"), "non-ASCII words keep the tokenizer's folding")
	assert.NotZero(t, termOf("Café")&1, "non-ASCII terms are odd")
	assert.NotEqual(t, termOf("cafe"), termOf("café"))
}

// sentencesOf returns the text of each sentence Parse finds in text.
func sentencesOf(text string) []string {
	var s Sentences
	s.Parse([]byte(text), shingle.Shingler{}.AppendTokens(nil, []byte(text)))
	var out []string
	for _, x := range s.sents {
		out = append(out, text[x.byte0:x.byte1])
	}
	return out
}

func TestParse(t *testing.T) {
	for _, c := range []struct {
		text string
		want []string
	}{
		{"", nil},
		{"One two three four five. Six seven eight nine ten! Eleven twelve thirteen fourteen?",
			[]string{"One two three four five", "Six seven eight nine ten", "Eleven twelve thirteen fourteen"}},
		// Initials, decimals and lower-case continuations do not end a
		// sentence; a short sentence joins the next.
		{"Talks by J. Smith went on for 2.5 hours in Sochi. e.g. more talks followed here. Yes. Then leaders left the summit quickly.",
			[]string{"Talks by J. Smith went on for 2.5 hours in Sochi. e.g. more talks followed here", "Yes. Then leaders left the summit quickly"}},
		// A blank line ends a sentence, a single line break does not.
		{"Headline words about summit\n\nBody text starts here with\nwrapped lines of prose.",
			[]string{"Headline words about summit", "Body text starts here with\nwrapped lines of prose"}},
		{"“Quoted sentence ends here.” Another sentence starts now.",
			[]string{"Quoted sentence ends here", "Another sentence starts now"}},
	} {
		assert.Equal(t, c.want, sentencesOf(c.text), "%q", c.text)
	}
	// A long unpunctuated list splits at its line breaks.
	var lines []string
	for i := range 30 {
		lines = append(lines, fmt.Sprintf("item number %d costs money", i))
	}
	got := sentencesOf(strings.Join(lines, "\n"))
	assert.Greater(t, len(got), 1)
}

// checkSentences checks the invariants of a parsed text: sentences cover
// the tokens in order without gaps, and their terms are sorted.
func checkSentences(t testing.TB, s *Sentences, text []byte, toks []shingle.Token) {
	t.Helper()
	next := int32(0)
	terms := 0
	for _, x := range s.sents {
		require.Equal(t, next, x.tok0)
		require.Less(t, x.tok0, x.tok1)
		require.Equal(t, int32(toks[x.tok0].Start), x.byte0)
		require.Equal(t, int32(toks[x.tok1-1].End), x.byte1)
		require.True(t, slices.IsSorted(s.terms[x.term0:x.term1]))
		require.Equal(t, int32(terms), x.term0)
		terms = int(x.term1)
		next = x.tok1
	}
	require.Equal(t, int32(len(toks)), next)
	require.Equal(t, len(s.terms), terms)
	require.Len(t, s.tokTerms, len(toks))
}

// randomWords returns n words drawn from vocab.
func randomWords(r *rand.Rand, vocab []string, n int) []string {
	s := make([]string, n)
	for i := range s {
		s[i] = vocab[r.IntN(len(vocab))]
	}
	return s
}

// vocabulary returns n distinct made-up content words.
func vocabulary(r *rand.Rand, n int) []string {
	seen := map[string]bool{}
	var out []string
	for len(out) < n {
		b := make([]byte, 5+r.IntN(5))
		for i := range b {
			b[i] = "bcdfghjklmnprstvz"[r.IntN(17)]
			if i%2 == 1 {
				b[i] = "aeiou"[r.IntN(5)]
			}
		}
		if w := string(b); !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	return out
}

var fillers = []string{"the", "and", "of", "with", "from", "that", "was"}

// randSentence returns a sentence of 10 to 20 words from vocab and fillers.
func randSentence(r *rand.Rand, vocab []string) []string {
	n := 10 + r.IntN(11)
	s := make([]string, n)
	for i := range s {
		if r.IntN(4) == 0 {
			s[i] = fillers[r.IntN(len(fillers))]
		} else {
			s[i] = vocab[r.IntN(len(vocab))]
		}
	}
	return s
}

// reword shuffles a sentence's words locally and replaces about a quarter
// of them, as random obfuscation does.
func reword(r *rand.Rand, s []string, vocab []string) []string {
	out := slices.Clone(s)
	for i := range out {
		if r.IntN(4) == 0 {
			out[i] = vocab[r.IntN(len(vocab))]
		}
	}
	for i := range out {
		j := min(len(out)-1, i+r.IntN(3))
		out[i], out[j] = out[j], out[i]
	}
	return out
}

func joinText(sents [][]string) string {
	var b strings.Builder
	for _, s := range sents {
		x := strings.Join(s, " ")
		b.WriteString(strings.ToUpper(x[:1]) + x[1:])
		b.WriteString(". ")
	}
	return b.String()
}

func parse(text string) (*Sentences, []shingle.Token) {
	toks := shingle.Shingler{}.AppendTokens(nil, []byte(text))
	s := new(Sentences)
	s.Parse([]byte(text), toks)
	return s, toks
}

// TestAlignSentencesReworded plants a reworded block of sentences in two
// otherwise unrelated texts and expects one passage covering the block on
// both sides, to within the trimmed edge words.
func TestAlignSentencesReworded(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 5))
	vocab := vocabulary(r, 3000)
	for trial := range 50 {
		var src, cp [][]string
		for range 2 + r.IntN(6) {
			src = append(src, randSentence(r, vocab))
		}
		for _, s := range src {
			cp = append(cp, reword(r, s, vocab))
		}
		var pa, pb, sa, sb [][]string
		for range r.IntN(10) {
			pa = append(pa, randSentence(r, vocab))
		}
		for range r.IntN(10) {
			pb = append(pb, randSentence(r, vocab))
		}
		for range r.IntN(10) {
			sa = append(sa, randSentence(r, vocab))
		}
		for range r.IntN(10) {
			sb = append(sb, randSentence(r, vocab))
		}
		ta := joinText(slices.Concat(pa, cp, sa))
		tb := joinText(slices.Concat(pb, src, sb))
		a, ka := parse(ta)
		b, kb := parse(tb)
		checkSentences(t, a, []byte(ta), ka)
		checkSentences(t, b, []byte(tb), kb)
		got := AlignSentences(a, b, nil, SentenceOptions{})
		require.Len(t, got, 1, "trial %d", trial)
		m := got[0]
		wantA0, wantB0 := countWords(pa), countWords(pb)
		wantA1, wantB1 := wantA0+countWords(cp), wantB0+countWords(src)
		// Trimming may drop a few edge words, never a whole sentence.
		assert.InDelta(t, wantA0, m.AStart, 8, "trial %d", trial)
		assert.InDelta(t, wantA1, m.AEnd, 8, "trial %d", trial)
		assert.InDelta(t, wantB0, m.BStart, 8, "trial %d", trial)
		assert.InDelta(t, wantB1, m.BEnd, 8, "trial %d", trial)
		assert.GreaterOrEqual(t, m.AStart, wantA0-0)
		assert.LessOrEqual(t, m.AEnd, wantA1)
	}
}

func countWords(sents [][]string) int {
	n := 0
	for _, s := range sents {
		n += len(s)
	}
	return n
}

// TestAlignSentencesUnrelated checks that texts sharing a vocabulary
// (one subject) but no sentences, or a single sentence, give nothing.
func TestAlignSentencesUnrelated(t *testing.T) {
	r := rand.New(rand.NewPCG(6, 6))
	vocab := vocabulary(r, 400) // a small vocabulary: one subject
	for trial := range 50 {
		var xa, xb [][]string
		for range 5 + r.IntN(20) {
			xa = append(xa, randSentence(r, vocab))
		}
		for range 5 + r.IntN(20) {
			xb = append(xb, randSentence(r, vocab))
		}
		// One shared sentence (a quote) is not a passage.
		q := randSentence(r, vocab)
		xa = slices.Insert(xa, r.IntN(len(xa)), q)
		xb = slices.Insert(xb, r.IntN(len(xb)), reword(r, q, vocab))
		a, _ := parse(joinText(xa))
		b, _ := parse(joinText(xb))
		assert.Empty(t, AlignSentences(a, b, nil, SentenceOptions{}), "trial %d", trial)
	}
}

// TestAlignSentencesCopies checks the merge with copy passages: copies
// alone come back unchanged; a copy covering a reworded block is kept as
// the precise passage; a copy of part of the block is extended to it.
func TestAlignSentencesCopies(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	vocab := vocabulary(r, 3000)
	var pre, src, post [][]string
	for range 5 {
		pre = append(pre, randSentence(r, vocab))
		src = append(src, randSentence(r, vocab))
		post = append(post, randSentence(r, vocab))
	}
	unrelated := func() [][]string {
		var x [][]string
		for range 5 {
			x = append(x, randSentence(r, vocab))
		}
		return x
	}
	// Verbatim: the copy stands.
	ta, tb := joinText(slices.Concat(pre, src, post)), joinText(slices.Concat(unrelated(), src, unrelated()))
	a, _ := parse(ta)
	b, _ := parse(tb)
	n0, n1 := countWords(pre), countWords(pre)+countWords(src)
	ka := shingle.Shingler{}.AppendTokens(nil, []byte(ta))
	kb := shingle.Shingler{}.AppendTokens(nil, []byte(tb))
	copies := Align(hashesOf(ka), hashesOf(kb), AlignOptions{})
	require.Len(t, copies, 1)
	assert.Equal(t, n0, copies[0].AStart)
	assert.Equal(t, n1, copies[0].AEnd)
	assert.Equal(t, copies, AlignSentences(a, b, copies, SentenceOptions{}))
	// Copies with no reworded passage come back as they are.
	fake := []Match{{AStart: 1, AEnd: 3, BStart: 2, BEnd: 4, Words: 2}}
	c, _ := parse(joinText(unrelated()))
	assert.Equal(t, fake, AlignSentences(a, c, fake, SentenceOptions{}))

	// Reworded except one verbatim sentence: the copy of that sentence is
	// extended to the whole block.
	var cp [][]string
	for i, s := range src {
		if i == 2 {
			cp = append(cp, s)
			continue
		}
		cp = append(cp, reword(r, s, vocab))
	}
	pb := unrelated()
	ta, tb = joinText(slices.Concat(pre, cp, post)), joinText(slices.Concat(pb, src, unrelated()))
	a, ka = parse(ta)
	b, kb = parse(tb)
	copies = Align(hashesOf(ka), hashesOf(kb), AlignOptions{MinWords: 8})
	require.Len(t, copies, 1)
	got := AlignSentences(a, b, copies, SentenceOptions{})
	require.Len(t, got, 1)
	assert.InDelta(t, countWords(pre), got[0].AStart, 8)
	assert.InDelta(t, countWords(pre)+countWords(cp), got[0].AEnd, 8)
	assert.InDelta(t, countWords(pb), got[0].BStart, 8)
	assert.InDelta(t, countWords(pb)+countWords(src), got[0].BEnd, 8)
}

func hashesOf(toks []shingle.Token) []uint16 {
	h := make([]uint16, len(toks))
	for i, t := range toks {
		h[i] = shingle.Word(t.Hash)
	}
	return h
}

// TestSeedsOracle compares the seeds with a brute-force computation of
// tf-isf cosine and Dice over maps.
func TestSeedsOracle(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 8))
	vocab := vocabulary(r, 60)
	o := SentenceOptions{}.withDefaults()
	for trial := range 30 {
		var xa, xb [][]string
		for range 1 + r.IntN(8) {
			xa = append(xa, randSentence(r, vocab))
		}
		for range 1 + r.IntN(8) {
			xb = append(xb, randSentence(r, vocab))
		}
		a, _ := parse(joinText(xa))
		b, _ := parse(joinText(xb))
		w := new(sentAligner)
		w.vectors(a, b)
		w.seed(a, b, o)
		got := map[[2]int32]float64{}
		for _, s := range w.seeds {
			got[[2]int32{s.i, s.j}] = s.cos
		}
		// Brute force.
		bags := func(s *Sentences) []map[uint64]float64 {
			var out []map[uint64]float64
			for _, x := range s.sents {
				m := map[uint64]float64{}
				for _, h := range s.terms[x.term0:x.term1] {
					m[h]++
				}
				out = append(out, m)
			}
			return out
		}
		ba, bb := bags(a), bags(b)
		sf := map[uint64]float64{}
		for _, m := range slices.Concat(ba, bb) {
			for h := range m {
				sf[h]++
			}
		}
		n := float64(len(ba) + len(bb))
		weigh := func(m map[uint64]float64) map[uint64]float64 {
			v := map[uint64]float64{}
			for h, tf := range m {
				v[h] = tf * math.Log(n/sf[h])
			}
			return v
		}
		want := map[[2]int32]float64{}
		for i, ma := range ba {
			for j, mb := range bb {
				va, vb := weigh(ma), weigh(mb)
				var dot, na, nb float64
				shared := 0
				for h, x := range va {
					na += x * x
					if y, ok := vb[h]; ok {
						dot += x * y
						shared++
					}
				}
				for _, y := range vb {
					nb += y * y
				}
				if na == 0 || nb == 0 {
					continue
				}
				cos := dot / math.Sqrt(na*nb)
				dice := 2 * float64(shared) / float64(len(ma)+len(mb))
				if cos > o.MinCosine && dice > o.MinDice {
					want[[2]int32{int32(i), int32(j)}] = cos
				}
			}
		}
		require.Len(t, got, len(want), "trial %d", trial)
		for k, c := range want {
			require.Contains(t, got, k, "trial %d", trial)
			assert.InDelta(t, c, got[k], 1e-9)
		}
	}
}

// checkMatches checks the invariants of AlignSentences' result.
func checkMatches(t testing.TB, ms []Match, na, nb int) {
	t.Helper()
	for k, m := range ms {
		require.True(t, 0 <= m.AStart && m.AStart < m.AEnd && m.AEnd <= na, "%+v of %d", m, na)
		require.True(t, 0 <= m.BStart && m.BStart < m.BEnd && m.BEnd <= nb, "%+v of %d", m, nb)
		require.GreaterOrEqual(t, m.Words, 0)
		if k > 0 {
			p := ms[k-1]
			require.LessOrEqual(t, p.AStart, m.AStart)
			require.False(t, overlap(p, m), "%+v overlaps %+v", p, m)
		}
	}
}

func FuzzAlignSentences(f *testing.F) {
	f.Add("The summit began. Leaders met in Sochi today and talked.", "Leaders met in Sochi. The summit began today and they talked.")
	f.Add("a. b. c.\n\n", "")
	f.Add("One two three four five six seven eight nine ten eleven twelve. Thirteen fourteen fifteen sixteen.", "One two three four five six seven eight nine ten eleven twelve. Thirteen fourteen fifteen sixteen.")
	f.Fuzz(func(t *testing.T, x, y string) {
		ta, tb := []byte(x), []byte(y)
		ka := shingle.Shingler{}.AppendTokens(nil, ta)
		kb := shingle.Shingler{}.AppendTokens(nil, tb)
		var a, b Sentences
		a.Parse(ta, ka)
		b.Parse(tb, kb)
		checkSentences(t, &a, ta, ka)
		checkSentences(t, &b, tb, kb)
		copies := Align(hashesOf(ka), hashesOf(kb), AlignOptions{MinWords: 3, MinRun: 3})
		opts := SentenceOptions{MinBytes: 1, MinSeeds: 1}
		checkMatches(t, AlignSentences(&a, &b, copies, opts), len(ka), len(kb))
		checkMatches(t, AlignSentences(&a, &b, nil, SentenceOptions{}), len(ka), len(kb))
	})
}

// TestParseTerms: a text kept in the compact form of AppendTerms parses
// into the same sentences as the text itself.
func TestParseTerms(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	vocab := vocabulary(r, 500)
	for range 50 {
		var sents [][]string
		for range 1 + r.IntN(30) {
			sents = append(sents, randSentence(r, vocab))
		}
		text := []byte(joinText(sents))
		toks := shingle.Shingler{}.AppendTokens(nil, text)
		var want, got Sentences
		want.Parse(text, toks)
		terms, breaks := AppendTerms(nil, nil, text, toks)
		got.ParseTerms(terms, breaks, func(i int) (int, int) { return toks[i].Start, toks[i].End })
		require.Equal(t, want.sents, got.sents)
		require.Equal(t, want.terms, got.terms)
		// In chunks of any size, AppendTermsAfter continues AppendTerms.
		chunk := 1 + r.IntN(9)
		cterms, cbreaks := AppendTerms(nil, nil, text, toks[:min(chunk, len(toks))])
		for i := chunk; i < len(toks); i += chunk {
			cterms, cbreaks = AppendTermsAfter(cterms, cbreaks, text, toks[i-1], toks[i:min(i+chunk, len(toks))])
		}
		require.Equal(t, terms, cterms, "chunks of %d", chunk)
		require.Equal(t, breaks, cbreaks, "chunks of %d", chunk)
	}
}
