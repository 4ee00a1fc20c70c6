package dedupe

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/newsreuse/dedupe/cluster"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestIsTemplateFigureRate: a passage whose figures mostly differ is a
// template at rate 0; at figureRate only when the differing figures come
// at least once in 1/figureRate words of the shorter side. The oracle is
// the count of figures changed, which the texts are built from.
func TestIsTemplateFigureRate(t *testing.T) {
	r := rand.New(rand.NewPCG(4, 4))
	v := vocab(r, 3000)
	d := New(Options{})
	for trial := range 40 {
		n := 40 + r.IntN(120)
		changed := 2 + r.IntN(6)
		wa, wb := make([]string, n), make([]string, n)
		for i := range wa {
			wa[i] = v[r.IntN(len(v))]
			wb[i] = wa[i]
		}
		for k, i := range r.Perm(n)[:changed] {
			wa[i], wb[i] = fmt.Sprint(1000+k), fmt.Sprint(2000+k)
		}
		pa := d.prepare(Document{Text: []byte(strings.Join(wa, " "))}, false)
		pb := d.prepare(Document{Text: []byte(strings.Join(wb, " "))}, false)
		x := cluster.Match{AEnd: n, BEnd: n, Words: n}
		template := func(rate float64) bool {
			return isTemplate(pa.e.words, pa.e.positions(nil), pb.e.words, pb.e.positions(nil), x, templateSigns{figureRate: rate})
		}
		assert.True(t, template(0), "trial %d", trial)
		assert.Equal(t, float64(changed) >= figureRate*float64(n), template(figureRate), "trial %d: %d of %d words", trial, changed, n)
	}
}

// TestSkippedSlotsAbsent: names moved within a passage are skipped slots,
// but not absent ones; names replaced are both; words of other kinds
// replaced are skipped others. The oracle is the count of names and words
// the texts are built with.
func TestSkippedSlotsAbsent(t *testing.T) {
	r := rand.New(rand.NewPCG(6, 6))
	v := vocab(r, 3000)
	d := New(Options{})
	for trial := range 30 {
		n := 60 + r.IntN(60)
		names := 3 + r.IntN(4)
		wa := make([]string, n)
		for i := range wa {
			wa[i] = v[r.IntN(len(v))]
		}
		// Names every ten words, far from each other, told apart by
		// letters that OCR folding keeps apart (not c and e, b and h).
		const tell = "adfgkpt"
		idx := make([]int, names)
		for k := range idx {
			idx[k] = 5 + 10*k
			wa[idx[k]] = fmt.Sprintf("Name%c%c", tell[k], 'a'+trial%26)
		}
		moved, replaced := slices.Clone(wa), slices.Clone(wa)
		for k, i := range idx {
			moved[i] = wa[idx[(k+1)%names]]
			replaced[i] = fmt.Sprintf("Other%c%c", tell[k], 'a'+trial%26)
		}
		// Lower-case words (of their own, found nowhere else) replaced, as
		// rewording does, halfway between names: each is skipped, and no
		// slot.
		others := 1 + r.IntN(names)
		for k := range others {
			wa[idx[k]+5] = fmt.Sprintf("own%c%c", tell[k], 'a'+trial%26)
			moved[idx[k]+5] = wa[idx[k]+5]
			replaced[idx[k]+5] = fmt.Sprintf("other%c%c", tell[k], 'a'+trial%26)
		}
		pa := d.prepare(Document{Text: []byte(strings.Join(wa, " "))}, false)
		for _, c := range []struct {
			words          []string
			absent, others int
		}{{moved, 0, 0}, {replaced, names, others}} {
			pb := d.prepare(Document{Text: []byte(strings.Join(c.words, " "))}, false)
			x := cluster.Match{AEnd: n, BEnd: n, Words: n}
			slots, skipped := skippedWords(pa.e.words, pa.e.positions(nil), pb.e.words, x, false)
			assert.Equal(t, names, slots, "trial %d", trial)
			assert.Equal(t, c.others, skipped, "trial %d", trial)
			slots, skipped = skippedWords(pa.e.words, pa.e.positions(nil), pb.e.words, x, true)
			assert.Equal(t, c.absent, slots, "trial %d", trial)
			assert.Equal(t, c.others, skipped, "trial %d", trial)
		}
	}
}

// syndication builds the documents of TestCopyWithCommonPartsIsNoChrome
// and TestPartialCopiesKeepTextRare: a wire story of two paragraphs of
// quoted words each and rest words, ending with the wire service's
// footer; four unrelated stories with that footer; each paragraph quoted
// by two local stories (short links to the wire story); and a reprint
// under an outlet's header, which keeps it below the near-duplicate
// threshold (a near-duplicate skips the corpus rules). It adds them in
// that order and returns the reprint's result.
func syndication(t *testing.T, quoted, rest int) Result {
	r := rand.New(rand.NewPCG(8, 8))
	v := vocab(r, 5000)
	words := func(n int) string { return sentence(r, v, n) }
	footer := "Copyright 2024 The Associated Press. All rights reserved. This material may not be published, broadcast, rewritten or redistributed without permission."
	quoted1, quoted2 := words(quoted), words(quoted)
	wire := "By a staff writer\n\n" + quoted1 + "\n\n" + quoted2 + "\n\n" + words(rest) + "\n\n" + footer
	add := adder(t, New(Options{}))
	for i := range 4 {
		add(fmt.Sprint("other", i), words(150)+"\n\n"+footer)
	}
	add("wire", wire)
	for i, q := range []string{quoted1, quoted1, quoted2, quoted2} {
		add(fmt.Sprint("quote", i), words(100)+"\n\n"+q+"\n\n"+words(80))
	}
	return add("reprint", "The Daily Planet\n"+words(50)+"\n\n"+wire)
}

// adder returns a function that adds a document to d and returns its
// result, failing the test on an error.
func adder(t *testing.T, d *Detector) func(id, text string) Result {
	return func(id, text string) Result {
		res, err := d.Add(Document{ID: id, Text: []byte(text)})
		require.NoError(t, err)
		return res
	}
}

func linkedTo(res Result, id string) bool {
	for _, m := range res.Matches {
		if m.ID == id && len(m.Passages) > 0 {
			return true
		}
	}
	return false
}

// TestCopyWithCommonPartsIsNoChrome: a reprint whose text runs to the end
// of both documents (through the footer) is linked even when keepRare
// leaves less than half of it: here the footer is common, and so are the
// two quoted paragraphs (the passage is too short for its partial copies
// to count as the story's own, see TestPartialCopiesKeepTextRare). What
// is left is the copy's rare part, short and away from the edges, and no
// chrome; judging it at the edge the whole passage reached made it a
// footer.
func TestCopyWithCommonPartsIsNoChrome(t *testing.T) {
	res := syndication(t, 25, 25)
	assert.True(t, linkedTo(res, "wire"), "the reprint is not linked to the wire story: %+v", res.Matches)
}

// TestPartialCopiesKeepTextRare: two local stories quoting a paragraph of
// a wire story link to it by short passages, outside its strong cluster;
// for a long passage they still count as the story's own, so the
// paragraphs they quote are not common to the story's next full copy.
// Here nothing else of the story is long enough to make a passage, so
// the reprint links only if the quoted paragraphs stay rare.
func TestPartialCopiesKeepTextRare(t *testing.T) {
	res := syndication(t, 45, 4)
	assert.True(t, linkedTo(res, "wire"), "the reprint is not linked to the wire story: %+v", res.Matches)
}

// TestQuoteOfOwnStoryIsRare: a local story quotes a paragraph of a wire
// story that two outlets have reprinted; a third reprint shares that
// paragraph with the local story. The paragraph's other carriers (the wire
// story and the first reprints) are the third reprint's own story, which
// it copies at length, so they do not make the paragraph common, and the
// quote is linked to it as to the others.
func TestQuoteOfOwnStoryIsRare(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 9))
	v := vocab(r, 5000)
	words := func(n int) string { return sentence(r, v, n) }
	quoted := words(30)
	wire := words(60) + "\n\n" + quoted + "\n\n" + words(120)
	add := adder(t, New(Options{}))
	add("wire", wire)
	add("reprint1", "The Daily Planet\n"+words(80)+"\n\n"+wire)
	add("reprint2", "The Evening Star\n"+words(80)+"\n\n"+wire)
	quote := add("quote", words(100)+"\n\n"+quoted+"\n\n"+words(80))
	require.True(t, linkedTo(quote, "wire"), "the quote is not linked to the wire story: %+v", quote.Matches)
	res := add("reprint3", "The Morning Post\n"+words(80)+"\n\n"+wire)
	for _, id := range []string{"wire", "reprint1", "reprint2", "quote"} {
		assert.True(t, linkedTo(res, id), "the third reprint is not linked to %s: %+v", id, res.Matches)
	}
}

// TestRewordedPart: a part of a copy, as keepRare trims one, is copy text,
// so every template sign applies to it; only a passage reaching beyond
// the copies was found or extended by the sentence aligner.
func TestRewordedPart(t *testing.T) {
	v := verified{copies: []cluster.Match{{AStart: 10, AEnd: 90, BStart: 20, BEnd: 100}}}
	for _, c := range []struct {
		x    cluster.Match
		want bool
	}{
		{cluster.Match{AStart: 10, AEnd: 90, BStart: 20, BEnd: 100}, false},
		{cluster.Match{AStart: 30, AEnd: 60, BStart: 40, BEnd: 70}, false},
		{cluster.Match{AStart: 5, AEnd: 90, BStart: 15, BEnd: 100}, true},
		{cluster.Match{AStart: 30, AEnd: 95, BStart: 40, BEnd: 105}, true},
	} {
		assert.Equal(t, c.want, v.reworded(c.x), "%+v", c.x)
		assert.Equal(t, !c.want, v.signs(c.x).slots, "%+v", c.x)
	}
}

// TestStockSentenceEndsCopy: a copy whose last sentence is a stock
// sentence, common in the corpus, is located up to its end: the common
// text is trimmed from where chrome sits (an edge of both documents),
// not from the end of a copy followed by different text.
func TestStockSentenceEndsCopy(t *testing.T) {
	r := rand.New(rand.NewPCG(17, 4))
	v := vocab(r, 5000)
	prose := func(words int) string {
		var b strings.Builder
		for n := 0; n < words; {
			k := 12 + r.IntN(10)
			s := sentence(r, v, k)
			b.WriteString(strings.ToUpper(s[:1]) + s[1:] + ". ")
			n += k
		}
		return b.String()
	}
	stock := "A spokesperson for the county sheriff's office could not immediately be reached for comment on the matter, the department said in a statement."
	d := New(Options{})
	for i := range 4 {
		_, err := d.Add(Document{ID: fmt.Sprint("other", i), Text: []byte(prose(150) + "\n\n" + stock + "\n\n" + prose(40))})
		require.NoError(t, err)
	}
	body := prose(150) + "\n\n" + stock
	_, err := d.Add(Document{ID: "wire", Text: []byte(body + "\n\nCopyright line of the wire service.")})
	require.NoError(t, err)
	copied := prose(30) + "\n\n" + body + "\n\n" + prose(40)
	res, err := d.Add(Document{ID: "copy", Text: []byte(copied)})
	require.NoError(t, err)
	var ps []Passage
	for _, m := range res.Matches {
		if m.ID == "wire" {
			ps = m.Passages
		}
	}
	require.NotEmpty(t, ps)
	end := strings.Index(copied, stock) + len(stock)
	assert.InDelta(t, end, ps[len(ps)-1].End, 2, "the copy's passage ends with the stock sentence")
}

// TestExactCopyOfCommonParts: a local story quotes a wire paragraph that
// holds a stock phrase, which unrelated stories carry. Masking the phrase
// leaves two rare pieces, each too short for a passage; together they are
// as many words as a passage needs, in one exact copy, so the quote links
// to the wire story. A story sharing the phrase with fewer rare words
// around it does not.
func TestExactCopyOfCommonParts(t *testing.T) {
	r := rand.New(rand.NewPCG(21, 5))
	v := vocab(r, 5000)
	words := func(n int) string { return sentence(r, v, n) }
	stock := "an official who spoke on condition of anonymity because they were not authorized to discuss the matter publicly said"
	add := adder(t, New(Options{}))
	for i := range 4 {
		add(fmt.Sprint("other", i), words(120)+"\n\n"+words(8)+" "+stock+" "+words(8)+"\n\n"+words(60))
	}
	before, after := words(12), words(12)
	add("wire", words(80)+"\n\n"+before+" "+stock+" "+after+"\n\n"+words(80))
	quote := add("quote", words(100)+"\n\n"+before+" "+stock+" "+after+"\n\n"+words(80))
	assert.True(t, linkedTo(quote, "wire"), "the quote is not linked to the wire story: %+v", quote.Matches)
	few := strings.Join(strings.Fields(before)[6:], " ") + " " + stock + " " + strings.Join(strings.Fields(after)[:6], " ")
	short := add("short", words(100)+"\n\n"+few+"\n\n"+words(80))
	assert.False(t, linkedTo(short, "wire"), "12 rare words around a stock phrase linked: %+v", short.Matches)
}

// TestRunOfCommonParts: a quoted paragraph holding a stock phrase is
// aligned with the common line the two documents carry after it, which
// the wire story words differently; the paragraph is one run of the same
// words, and its rare words are as many as a passage needs (rareRun).
func TestRunOfCommonParts(t *testing.T) {
	r := rand.New(rand.NewPCG(21, 6))
	v := vocab(r, 5000)
	words := func(n int) string { return sentence(r, v, n) }
	stock := "an official who spoke on condition of anonymity because they were not authorized to discuss the matter publicly said"
	line := "readers can reach the newsroom at any hour by telephone or by email and letters to the editor are welcome"
	add := adder(t, New(Options{}))
	for i := range 4 {
		add(fmt.Sprint("other", i), words(120)+"\n\n"+words(8)+" "+stock+" "+words(8)+"\n\n"+line+"\n\n"+words(60))
	}
	para := words(12) + " " + stock + " " + words(12)
	add("wire", words(80)+"\n\n"+para+"\n\n"+strings.Replace(line, "any hour", "all hours", 1)+"\n\n"+words(80))
	text := words(100) + "\n\n" + para + "\n\n" + line + "\n\n" + words(80)
	quote := add("quote", text)
	require.True(t, linkedTo(quote, "wire"), "the quote is not linked to the wire story: %+v", quote.Matches)
	for _, m := range quote.Matches {
		if m.ID == "wire" {
			require.Len(t, m.Passages, 1)
			got := text[m.Passages[0].Start:m.Passages[0].End]
			assert.True(t, strings.HasPrefix(got, para), "the passage does not start with the paragraph: %q", got)
		}
	}
}

// TestCommonIsRecent: text is common by its carriers among the latest
// commonWindow documents. A phrase that two unrelated documents carried
// long before does not mask a quoted paragraph holding it; carried by
// the same two just before, it does, and the paragraph's rare words are
// too few for a passage.
func TestCommonIsRecent(t *testing.T) {
	r := rand.New(rand.NewPCG(23, 1))
	v := vocab(r, 5000)
	words := func(n int) string { return sentence(r, v, n) }
	phrase, para := words(24), words(5)
	para += " " + phrase + " " + words(5)
	olds := []string{words(100) + "\n\n" + phrase + "\n\n" + words(60), words(90) + "\n\n" + phrase + "\n\n" + words(70)}
	wire, quote := words(80)+"\n\n"+para+"\n\n"+words(80), words(100)+"\n\n"+para+"\n\n"+words(80)
	fillers := make([]string, commonWindow)
	for i := range fillers {
		fillers[i] = words(20)
	}
	for _, long := range []bool{true, false} {
		add := adder(t, New(Options{}))
		if long {
			for i, o := range olds {
				add(fmt.Sprint("old", i), o)
			}
		}
		for i, f := range fillers {
			add(fmt.Sprint("filler", i), f)
		}
		if !long {
			for i, o := range olds {
				add(fmt.Sprint("old", i), o)
			}
		}
		add("wire", wire)
		res := add("quote", quote)
		assert.Equal(t, long, linkedTo(res, "wire"), "carriers %d documents before: linked %v", map[bool]int{true: commonWindow, false: 0}[long], res.Matches)
	}
}

// TestStoryIsOneCarrier: a story's copies count as one carrier of its
// text, so two local stories quoting one of its paragraphs link to each
// other, as each links to the story: the story's three copies are not
// three unrelated documents carrying the paragraph (commonOutside).
func TestStoryIsOneCarrier(t *testing.T) {
	r := rand.New(rand.NewPCG(29, 1))
	v := vocab(r, 5000)
	words := func(n int) string { return sentence(r, v, n) }
	para := words(40)
	wire := words(70) + "\n\n" + para + "\n\n" + words(70)
	add := adder(t, New(Options{}))
	add("wire", wire)
	for i := range 2 {
		add(fmt.Sprint("copy", i), wire)
	}
	add("quote1", words(100)+"\n\n"+para+"\n\n"+words(80))
	res := add("quote2", words(90)+"\n\n"+para+"\n\n"+words(70))
	assert.True(t, linkedTo(res, "wire"), "%v", res.Matches)
	assert.True(t, linkedTo(res, "quote1"), "%v", res.Matches)
}

// TestLonePhraseInQuote: a wire paragraph of 23 words that a local story
// quotes holds a 5-word phrase that two unrelated documents carry, a name
// or an everyday phrase; masked, it would leave 18 words, fewer than a
// passage needs, but one common shingle alone is no boilerplate
// (unmaskLone), and the quote links to the wire story.
func TestLonePhraseInQuote(t *testing.T) {
	r := rand.New(rand.NewPCG(31, 1))
	v := vocab(r, 5000)
	plain := func(n int) string {
		w := make([]string, n)
		for i := range w {
			w[i] = v[r.IntN(len(v))]
		}
		return strings.Join(w, " ")
	}
	// isFingerprint reports whether the shingle at the start of phrase in
	// text is a passage fingerprint of text: masked where common.
	isFingerprint := func(d *Detector, text, phrase string) bool {
		at := strings.Index(text, phrase)
		p := d.Prepare(Document{Text: []byte(text)})
		i := len(d.Prepare(Document{Text: []byte(text[:at])}).e.words)
		_, ok := slices.BinarySearch(p.fps, p.shingleHash(i))
		return ok
	}
	for range 500 {
		phrase := plain(5)
		para := plain(9) + " " + phrase + " " + plain(9)
		wire := plain(70) + ".\n\n" + para + ".\n\n" + plain(70) + "."
		quote := plain(80) + ".\n\n" + para + ".\n\n" + plain(60) + "."
		others := []string{plain(60) + " " + phrase + " " + plain(60) + ".", plain(50) + " " + phrase + " " + plain(70) + "."}
		d := New(Options{})
		if !isFingerprint(d, quote, phrase) || !isFingerprint(d, others[0], phrase) || !isFingerprint(d, others[1], phrase) {
			continue
		}
		add := adder(t, d)
		for i, o := range others {
			add(fmt.Sprint("other", i), o)
		}
		add("wire", wire)
		res := add("quote", quote)
		assert.True(t, linkedTo(res, "wire"), "%v", res.Matches)
		return
	}
	t.Fatal("no phrase that is a fingerprint of every document carrying it")
}

// maskOf reads a mask written as a string: 'x' masked, any other
// character not; nil for "".
func maskOf(s string) []bool {
	if s == "" {
		return nil
	}
	var ms []bool
	for _, c := range s {
		ms = append(ms, c == 'x')
	}
	return ms
}

func TestUnmaskLone(t *testing.T) {
	m := maskOf
	for _, c := range []struct{ mask, want string }{
		{"", ""},
		{"..........", ".........."},
		{"...xxxxx........", "................"}, // one shingle alone
		{"xxxxx", "....."},
		{"...xxxxxx.......", "...xxxxxx......."},               // longer than a shingle
		{"xxxxx...xxxxx..........", "xxxxx...xxxxx.........."}, // two within k words
		{"xxxxx......xxxxx", "................"},               // two more than k apart
		{"xxxxx......xxxxxxxx", "...........xxxxxxxx"},
	} {
		var buf []bool
		got := unmaskLone(m(c.mask), &buf, 5)
		assert.Equal(t, m(c.want), got, "mask %q", c.mask)
	}
}

func TestRareRun(t *testing.T) {
	w := func(s string) []uint16 {
		var ws []uint16
		for _, c := range s {
			ws = append(ws, uint16(c))
		}
		return ws
	}
	m := maskOf
	for _, c := range []struct {
		a, b, mask, bmask string
		min               int
		want              cluster.Match
		ok                bool
	}{
		{a: "abcdef", b: "abcdef", min: 6, want: cluster.Match{AEnd: 6, BEnd: 6, Words: 6}, ok: true},
		{a: "abcdef", b: "abcdef", mask: "..xx..", min: 5},
		{a: "abcdef", b: "abcdef", mask: "..xx..", min: 4, want: cluster.Match{AEnd: 6, BEnd: 6, Words: 6}, ok: true},
		{a: "abcdefXYZ", b: "abcdefPQ", min: 6, want: cluster.Match{AEnd: 6, BEnd: 6, Words: 6}, ok: true},
		{a: "ZZabcdef", b: "Qabcdefg", min: 5, want: cluster.Match{AStart: 2, AEnd: 8, BStart: 1, BEnd: 7, Words: 6}, ok: true},
		// the run with the most rare words, not the longest
		{a: "abcdefg.hijk", b: "abcdefg,hijk", mask: "xxxxx.......", min: 4, want: cluster.Match{AStart: 8, AEnd: 12, BStart: 8, BEnd: 12, Words: 4}, ok: true},
		{a: "abcdef", b: "abcdef", bmask: "x.....", min: 6},
		{a: "aaaaaaaa", b: "aaaaaaaa", min: 8, want: cluster.Match{AEnd: 8, BEnd: 8, Words: 8}, ok: true},
	} {
		var a admission
		got, ok := a.rareRun(w(c.a), w(c.b), m(c.mask), m(c.bmask), c.min)
		assert.Equal(t, c.ok, ok, "%+v", c)
		if c.ok {
			assert.Equal(t, c.want, got, "%+v", c)
		}
	}
}

// TestRewordedStockSentenceIsCommon: a stock sentence that many stories
// carry is common text even where a copy rewords a few of its words. The
// copy's fingerprints there are its own words, which nothing else
// carries, and its stretches of the sentence as written, each shorter
// than a winnowing window, may hold no fingerprint at all; q's
// fingerprints are of the sentence as written, and common, and mask it
// (keepRare). In every trial the reworded sentence links none of the
// stories carrying it; the same stories with a rare sentence in its
// place, reworded alike, link.
func TestRewordedStockSentenceIsCommon(t *testing.T) {
	r := rand.New(rand.NewPCG(30, 3))
	v := vocab(r, 5000)
	words := func(n int) string { return sentence(r, v, n) }
	stock := func(topic string) string {
		return "an official familiar with the " + topic + " who spoke on condition of anonymity because they were not authorized to discuss the matter publicly said the"
	}
	reword := func(s string) string {
		return strings.Replace(s, "not authorized", "said hacked", 1)
	}
	// One outlet's footer makes every pair a candidate, for the aligner to
	// find the sentence in.
	footer := "Copyright 2024 The Daily Planet. All rights reserved. This material may not be published, broadcast, rewritten or redistributed without permission."
	linked, rareLinked := 0, 0
	const trials = 40
	for trial := range trials {
		topics := strings.Fields(words(6))
		add := adder(t, New(Options{Seed: uint32(trial)}))
		for i := range 5 {
			add(fmt.Sprint("other", i), words(120)+"\n\n"+words(3)+" "+stock(topics[i])+" "+words(3)+"\n\n"+words(60)+"\n\n"+footer)
		}
		res := add("reworded", words(100)+"\n\n"+words(3)+" "+reword(stock(topics[5]))+" "+words(3)+"\n\n"+words(80)+"\n\n"+footer)
		for i := range 5 {
			if linkedTo(res, fmt.Sprint("other", i)) {
				linked++
				t.Logf("trial %d: the reworded stock sentence linked other%d", trial, i)
			}
		}
		rare := strings.Fields(words(30))
		rare[14] = "not"
		rare[15] = "authorized"
		add = adder(t, New(Options{Seed: uint32(trial)}))
		add("story", words(120)+"\n\n"+words(3)+" "+strings.Join(rare, " ")+" "+words(3)+"\n\n"+words(60))
		res = add("copy", words(100)+"\n\n"+words(3)+" "+reword(strings.Join(rare, " "))+" "+words(3)+"\n\n"+words(80))
		if linkedTo(res, "story") {
			rareLinked++
		}
	}
	assert.Zero(t, linked, "reworded stock sentences linked")
	assert.Equal(t, trials, rareLinked, "reworded rare sentences linked")
}
