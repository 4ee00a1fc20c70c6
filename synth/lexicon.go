package synth

import (
	"math"
	"math/rand/v2"
	"strings"
	"sync"
)

// zipfTable samples indices 0..n-1 with probability proportional to
// 1/(i+1)^s using a power-of-two lookup table: one random number and one
// load per draw.
type zipfTable struct {
	tbl   []uint16
	shift uint
}

func newZipf(n int, s float64) zipfTable {
	if n <= 0 {
		return zipfTable{}
	}
	size := 1024
	for size < 16*n {
		size <<= 1
	}
	w := make([]float64, n)
	var sum float64
	for i := range w {
		w[i] = 1 / math.Pow(float64(i+1), s)
		sum += w[i]
	}
	// Every entry gets at least one slot; the rest is shared by weight.
	cnt := make([]int, n)
	rest := size - n
	used := 0
	for i := range w {
		c := int(w[i] / sum * float64(rest))
		cnt[i] = 1 + c
		used += 1 + c
	}
	for i := 0; used < size; i = (i + 1) % n {
		cnt[i]++
		used++
	}
	tbl := make([]uint16, 0, size)
	for i, c := range cnt {
		for range c {
			tbl = append(tbl, uint16(i))
		}
	}
	return zipfTable{tbl: tbl, shift: uint(64 - math.Log2(float64(size)))}
}

func (z *zipfTable) pick(r *rand.Rand) int { return int(z.tbl[r.Uint64()>>z.shift]) }

// list is a word list with a Zipf sampler over its order.
type list[T any] struct {
	items []T
	z     zipfTable
}

func newList[T any](items []T, s float64) list[T] {
	return list[T]{items: items, z: newZipf(len(items), s)}
}

func (l *list[T]) pick(r *rand.Rand) *T { return &l.items[l.z.pick(r)] }
func (l *list[T]) empty() bool          { return len(l.items) == 0 }

type noun struct{ sg, pl string }

type verb struct{ base, past, pp, s string }

// pack is a vocabulary: the general one of a register or a topic pack.
type pack struct {
	nouns  list[noun]
	groups list[string]
	adjs   list[string]
	verbs  list[verb]
	orgs   list[string]
}

// register is everything needed to write one kind of story: wire copy or
// local news.
type register struct {
	general  pack
	adverbs  list[string]
	intrans  list[verb]
	movers   list[verb]
	topics   []pack
	first    list[string]
	last     list[string]
	places   list[string] // extra places mentioned in text
	streets  list[string] // streets (local register)
	titles   list[string]
	roles    list[string]
	ledes    []tmpl
	sents    []tmpl
	clauses  []tmpl
	quotes   []tmpl
	heads    []tmpl
	wireLike bool
}

type wireCity struct {
	dateline string // "KYIV, Ukraine"
	name     string // "Kyiv"
	title    string // "Kyiv, Ukraine"
}

type localCity struct {
	name, state string
}

type lexicon struct {
	wire, local *register
	cities      []wireCity
	homes       []localCity
	venues      []string        // every stem x venue pattern
	deletable   map[string]bool // words an editor may cut (adjectives, adverbs)
}

var (
	lexOnce sync.Once
	lex     *lexicon
)

func getLex() *lexicon {
	lexOnce.Do(func() { lex = buildLexicon() })
	return lex
}

// lines splits s into trimmed non-empty lines, skipping '#' comments.
func lines(s string) []string {
	var out []string
	for l := range strings.SplitSeq(s, "\n") {
		l = strings.TrimSpace(l)
		if l == "" || l[0] == '#' {
			continue
		}
		out = append(out, l)
	}
	return out
}

// words splits s on whitespace, turning '_' into spaces, dropping duplicates.
func words(s string) []string {
	seen := map[string]bool{}
	var out []string
	for _, w := range strings.Fields(s) {
		w = strings.ReplaceAll(w, "_", " ")
		if !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	return out
}

func plural(w string) string {
	if i := strings.LastIndexByte(w, ' '); i >= 0 {
		return w[:i+1] + plural(w[i+1:])
	}
	switch {
	case strings.HasSuffix(w, "s"), strings.HasSuffix(w, "x"), strings.HasSuffix(w, "z"),
		strings.HasSuffix(w, "ch"), strings.HasSuffix(w, "sh"):
		return w + "es"
	case len(w) > 1 && w[len(w)-1] == 'y' && !strings.ContainsRune("aeiou", rune(w[len(w)-2])):
		return w[:len(w)-1] + "ies"
	}
	return w + "s"
}

func parseNouns(s string) []noun {
	var out []noun
	for _, w := range words(s) {
		if sg, pl, ok := strings.Cut(w, "/"); ok {
			out = append(out, noun{sg, pl})
		} else {
			out = append(out, noun{w, plural(w)})
		}
	}
	return out
}

func parseVerbs(s string) []verb {
	var out []verb
	for _, w := range words(s) {
		parts := strings.Split(w, "|")
		b := parts[0]
		var past string
		switch {
		case strings.HasSuffix(b, "e"):
			past = b + "d"
		case len(b) > 1 && b[len(b)-1] == 'y' && !strings.ContainsRune("aeiou", rune(b[len(b)-2])):
			past = b[:len(b)-1] + "ied"
		default:
			past = b + "ed"
		}
		v := verb{base: b, past: past, pp: past}
		if len(parts) == 3 {
			v.past, v.pp = parts[1], parts[2]
		}
		if strings.HasSuffix(b, "o") {
			v.s = b + "es"
		} else {
			v.s = plural(b)
		}
		out = append(out, v)
	}
	return out
}

// parseTopics reads the "# name / n: / g: / a: / v: / o:" topic format.
func parseTopics(s string) []pack {
	var out []pack
	var n, g, a, v strings.Builder
	var o []string
	flush := func() {
		if n.Len() == 0 {
			return
		}
		out = append(out, pack{
			nouns:  newList(parseNouns(n.String()), 0.8),
			groups: newList(words(g.String()), 0.8),
			adjs:   newList(words(a.String()), 0.8),
			verbs:  newList(parseVerbs(v.String()), 0.8),
			orgs:   newList(o, 0.8),
		})
		n.Reset()
		g.Reset()
		a.Reset()
		v.Reset()
		o = nil
	}
	for l := range strings.SplitSeq(s, "\n") {
		l = strings.TrimSpace(l)
		switch {
		case strings.HasPrefix(l, "#"):
			flush()
		case strings.HasPrefix(l, "n:"):
			n.WriteString(l[2:] + " ")
		case strings.HasPrefix(l, "g:"):
			g.WriteString(l[2:] + " ")
		case strings.HasPrefix(l, "a:"):
			a.WriteString(l[2:] + " ")
		case strings.HasPrefix(l, "v:"):
			v.WriteString(l[2:] + " ")
		case strings.HasPrefix(l, "o:"):
			o = append(o, strings.TrimSpace(l[2:]))
		}
	}
	flush()
	return out
}

func parseTmpls(s string) []tmpl {
	var out []tmpl
	for _, l := range lines(s) {
		out = append(out, compile(l))
	}
	return out
}

func buildLexicon() *lexicon {
	const s = 1.0 // Zipf exponent for word lists
	lx := &lexicon{}
	var regions []string
	for _, l := range lines(wireCities) {
		name, _, _ := strings.Cut(l, ",")
		lx.cities = append(lx.cities, wireCity{
			dateline: strings.ToUpper(name) + l[len(name):],
			name:     name,
			title:    l,
		})
		regions = append(regions, name)
	}
	regions = append(lines(wireRegions), regions...)
	lx.wire = &register{
		general: pack{
			nouns:  newList(parseNouns(wireGeneralNouns), s),
			groups: newList(words(wireGroups), s),
			adjs:   newList(words(wireAdjs), s),
			verbs:  newList(parseVerbs(wireVerbs), s),
			orgs:   newList(lines(wireOrgs), s),
		},
		adverbs:  newList(words(wireAdverbs), s),
		intrans:  newList(parseVerbs(wireIntrans), s),
		movers:   newList(parseVerbs(wireMovers), s),
		topics:   parseTopics(wireTopics),
		first:    newList(words(wireFirst), 0.7),
		last:     newList(words(wireLast), 0.7),
		places:   newList(regions, 0.9),
		titles:   newList(lines(wireTitles), 0.8),
		roles:    newList(lines(wireRoles), 0.8),
		ledes:    parseTmpls(wireLedes),
		sents:    parseTmpls(wireSentences),
		clauses:  parseTmpls(wireClauses),
		quotes:   parseTmpls(wireQuotes),
		heads:    parseTmpls(wireHeadlines),
		wireLike: true,
	}
	for _, l := range lines(localCities) {
		name, st, _ := strings.Cut(l, ", ")
		lx.homes = append(lx.homes, localCity{name, st})
	}
	var streets []string
	for _, stem := range words(localStems) {
		for _, suf := range []string{"Street", "Avenue", "Road", "Lane", "Drive"} {
			streets = append(streets, stem+" "+suf)
		}
		for _, v := range lines(localVenues) {
			lx.venues = append(lx.venues, strings.Replace(v, "%s", stem, 1))
		}
	}
	lx.local = &register{
		general: pack{
			nouns:  newList(parseNouns(localGeneralNouns), s),
			groups: newList(words(localGroups), s),
			adjs:   newList(words(localAdjs), s),
			verbs:  newList(parseVerbs(localVerbs), s),
			orgs:   newList(lines(localOrgs), s),
		},
		adverbs: newList(words(localAdverbs), s),
		intrans: newList(parseVerbs(localIntrans), s),
		movers:  newList(parseVerbs(localMovers), s),
		topics:  parseTopics(localTopics),
		first:   newList(words(localFirst), 0.7),
		last:    newList(words(localLast), 0.7),
		places:  newList(lx.venues, 0.3),
		streets: newList(streets, 0.3),
		titles:  newList(lines(localTitles), 0.8),
		roles:   newList(lines(localRoles), 0.8),
		ledes:   parseTmpls(localLedes),
		sents:   parseTmpls(localSentences),
		clauses: parseTmpls(localClauses),
		quotes:  parseTmpls(localQuotes),
		heads:   parseTmpls(localHeadlines),
	}
	lx.deletable = map[string]bool{}
	for _, w := range append(words(wireAdjs), words(wireAdverbs)...) {
		if !strings.Contains(w, " ") {
			lx.deletable[w] = true
		}
	}
	return lx
}
