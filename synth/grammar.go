package synth

import (
	"bytes"
	"math"
	"strconv"
	"strings"
)

// piece is a literal or a slot of a sentence template.
type piece struct {
	lit  string
	slot byte
}

type tmpl []piece

// compile turns "The {N} rose." into pieces.
func compile(s string) tmpl {
	var t tmpl
	for s != "" {
		i := strings.IndexByte(s, '{')
		if i < 0 {
			t = append(t, piece{lit: s})
			break
		}
		if i > 0 {
			t = append(t, piece{lit: s[:i]})
		}
		if i+2 >= len(s) || s[i+2] != '}' {
			panic("synth: bad template " + s)
		}
		t = append(t, piece{slot: s[i+1]})
		s = s[i+3:]
	}
	return t
}

type person struct {
	first, last, title, role, roleOrg string
	intro                             bool
}

// ents are the entities and vocabulary of one story.
type ents struct {
	reg     *register
	topic   *pack
	persons []person
	orgs    []string
	places  []string
	weekday int
	money   int64 // key figure in cents-free dollars, reused across the story
	count   int
	quotes  [][2]int // spans of quotes written, when recording
	record  bool
	head    bool // headline mode
	recent  [8]int16
	nrecent int
}

var weekdays = [...]string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"}

var months = [...]string{"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December"}

var smallNums = [...]string{"two", "three", "four", "five", "six", "seven", "eight", "nine"}

func (g *gen) pickPerson(e *ents) *person {
	if len(e.persons) == 1 || g.r.IntN(5) < 2 {
		return &e.persons[0]
	}
	return &e.persons[g.r.IntN(len(e.persons))]
}

func (g *gen) pickOrg(e *ents) string {
	if len(e.orgs) > 0 && g.r.IntN(4) != 0 {
		if g.r.IntN(2) == 0 {
			return e.orgs[0]
		}
		return e.orgs[g.r.IntN(len(e.orgs))]
	}
	return g.freshOrg(e)
}

// freshOrg picks an organization from the vocabulary, not the story.
func (g *gen) freshOrg(e *ents) string {
	if e.topic != nil && !e.topic.orgs.empty() && g.r.IntN(2) == 0 {
		return *e.topic.orgs.pick(g.r)
	}
	return *e.reg.general.orgs.pick(g.r)
}

func (g *gen) pickPlace(e *ents) string {
	if len(e.places) > 0 && g.r.IntN(10) < 7 {
		return e.places[g.r.IntN(len(e.places))]
	}
	return *e.reg.places.pick(g.r)
}

// from picks from the topic pack with probability pct/100, else general.
func topicOr[T any](g *gen, e *ents, pct int, sel func(p *pack) *list[T]) *T {
	if e.topic != nil && g.r.IntN(100) < pct {
		if l := sel(e.topic); !l.empty() {
			return l.pick(g.r)
		}
	}
	return sel(&e.reg.general).pick(g.r)
}

func selNouns(p *pack) *list[noun]    { return &p.nouns }
func selGroups(p *pack) *list[string] { return &p.groups }
func selAdjs(p *pack) *list[string]   { return &p.adjs }
func selVerbs(p *pack) *list[verb]    { return &p.verbs }

func isVowelStart(s []byte) bool {
	if len(s) == 0 {
		return false
	}
	switch s[0] {
	case 'a', 'e', 'i', 'o', 'A', 'E', 'I', 'O':
		return !bytes.HasPrefix(s, []byte("one")) && !bytes.HasPrefix(s, []byte("Eu")) && !bytes.HasPrefix(s, []byte("eu"))
	case 'u':
		return !bytes.HasPrefix(s, []byte("uni")) && !bytes.HasPrefix(s, []byte("use"))
	}
	return false
}

// fixArticle turns a preceding "a " into "an " when the text written from
// start begins with a vowel sound.
func fixArticle(dst []byte, start int) []byte {
	if start < 2 || start >= len(dst) || dst[start-1] != ' ' || (dst[start-2] != 'a' && dst[start-2] != 'A') {
		return dst
	}
	if start >= 3 && dst[start-3] != ' ' && dst[start-3] != '\n' && dst[start-3] != 0x9c {
		return dst
	}
	if !isVowelStart(dst[start:min(len(dst), start+4)]) {
		return dst
	}
	dst = append(dst, 0)
	copy(dst[start+1:], dst[start:])
	dst[start-1] = 'n'
	dst[start] = ' '
	return dst
}

// capAt upper-cases the first ASCII letter at or after i, skipping an
// opening curly quote.
func capAt(dst []byte, i int) {
	if i+3 <= len(dst) && dst[i] == 0xe2 && dst[i+1] == 0x80 && dst[i+2] == 0x9c {
		i += 3
	}
	if i < len(dst) && dst[i] >= 'a' && dst[i] <= 'z' {
		dst[i] -= 'a' - 'A'
	}
}

// appendCommas formats n with thousands separators.
func appendCommas(dst []byte, n int64) []byte {
	if n < 1000 {
		return strconv.AppendInt(dst, n, 10)
	}
	dst = appendCommas(dst, n/1000)
	r := n % 1000
	dst = append(dst, ',', byte('0'+r/100), byte('0'+r/10%10), byte('0'+r%10))
	return dst
}

// logUniform returns an integer spread evenly in log scale over [lo, hi].
func (g *gen) logUniform(lo, hi float64) int64 {
	x := lo * math.Pow(hi/lo, g.r.Float64())
	return int64(x)
}

func (g *gen) appendCount(dst []byte, e *ents) []byte {
	switch {
	case e.count > 0 && g.r.IntN(4) == 0:
		return appendCommas(dst, int64(e.count))
	case !e.head && g.r.IntN(3) == 0:
		return append(dst, smallNums[g.r.IntN(len(smallNums))]...)
	}
	return appendCommas(dst, g.logUniform(10, 60000))
}

func (g *gen) appendPct(dst []byte) []byte {
	if g.r.IntN(2) == 0 {
		dst = strconv.AppendInt(dst, int64(1+g.r.IntN(60)), 10)
	} else {
		dst = strconv.AppendInt(dst, int64(g.r.IntN(20)), 10)
		dst = append(dst, '.', byte('1'+g.r.IntN(9)))
	}
	return append(dst, '%')
}

func (g *gen) appendMoney(dst []byte, e *ents) []byte {
	v := e.money
	if v == 0 || g.r.IntN(3) != 0 {
		v = g.logUniform(5_000, 90_000_000_000)
	}
	return appendDollars(dst, v)
}

// appendDollars writes v dollars in news style: $85,000, $4.3 million.
func appendDollars(dst []byte, v int64) []byte {
	dst = append(dst, '$')
	var unit string
	var div int64
	switch {
	case v >= 1_000_000_000:
		unit, div = " billion", 1_000_000_000
	case v >= 1_000_000:
		unit, div = " million", 1_000_000
	default:
		if v >= 10_000 {
			v = v / 1000 * 1000
		}
		return appendCommas(dst, v)
	}
	whole := v / div
	dst = strconv.AppendInt(dst, whole, 10)
	if whole < 100 {
		if tenth := v * 10 / div % 10; tenth != 0 {
			dst = append(dst, '.', byte('0'+tenth))
		}
	}
	return append(dst, unit...)
}

func (g *gen) appendClock(dst []byte) []byte {
	h := 1 + g.r.IntN(12)
	if h == 12 && g.r.IntN(2) == 0 {
		return append(dst, "noon"...)
	}
	dst = strconv.AppendInt(dst, int64(h), 10)
	if m := g.r.IntN(4); m != 0 {
		dst = append(dst, ':')
		dst = strconv.AppendInt(dst, int64(m*15), 10)
	}
	if h >= 6 && h <= 11 && g.r.IntN(3) != 0 {
		return append(dst, " a.m."...)
	}
	return append(dst, " p.m."...)
}

func (g *gen) appendPhone(dst []byte) []byte {
	dst = append(dst, '(')
	dst = strconv.AppendInt(dst, int64(200+g.r.IntN(790)), 10)
	dst = append(dst, ") 555-01"...)
	return append(dst, byte('0'+g.r.IntN(10)), byte('0'+g.r.IntN(10)))
}

var votes = [...]string{"5-2", "4-3", "6-1", "7-0", "unanimously", "3-2", "8-1", "5-4"}

func appendHeadOrg(dst []byte, org string) []byte {
	start := len(dst)
	dst = append(dst, strings.TrimPrefix(org, "the ")...)
	capAt(dst, start)
	return dst
}

func (g *gen) appendPerson(dst []byte, p *person, e *ents, appositive bool) []byte {
	if p.intro || e.head {
		return append(dst, p.last...)
	}
	p.intro = true
	if p.title != "" {
		dst = append(dst, p.title...)
		dst = append(dst, ' ')
	}
	dst = append(dst, p.first...)
	dst = append(dst, ' ')
	dst = append(dst, p.last...)
	if appositive && p.title == "" && p.role != "" {
		dst = append(dst, ", "...)
		before, after, _ := strings.Cut(p.role, "%o")
		dst = append(dst, before...)
		dst = append(dst, p.roleOrg...)
		dst = append(dst, after...)
		dst = append(dst, ',')
	}
	return dst
}

// exec appends one expansion of t.
func (g *gen) exec(dst []byte, t tmpl, e *ents) []byte {
	for i := range t {
		pc := &t[i]
		if pc.slot == 0 {
			lit := pc.lit
			// "Appeals’s" -> "Appeals’"
			if strings.HasPrefix(lit, "’s") && len(dst) > 0 && dst[len(dst)-1] == 's' {
				dst = append(dst, "’"...)
				lit = lit[len("’s"):]
			}
			dst = append(dst, lit...)
			continue
		}
		start := len(dst)
		switch pc.slot {
		case 'P', 'K':
			dst = g.appendPerson(dst, g.pickPerson(e), e, pc.slot == 'P')
		case 'O':
			if e.head {
				dst = appendHeadOrg(dst, g.pickOrg(e))
			} else {
				dst = append(dst, g.pickOrg(e)...)
			}
		case 'L':
			dst = append(dst, g.pickPlace(e)...)
		case 'X':
			dst = append(dst, g.pickPlace(e)...)
		case 'R':
			dst = append(dst, *e.reg.streets.pick(g.r)...)
		case 'N':
			dst = append(dst, topicOr(g, e, 50, selNouns).sg...)
		case 'S':
			dst = append(dst, topicOr(g, e, 50, selNouns).pl...)
		case 'G':
			dst = append(dst, *topicOr(g, e, 35, selGroups)...)
		case 'A':
			dst = append(dst, *topicOr(g, e, 30, selAdjs)...)
		case 'D':
			dst = append(dst, *e.reg.adverbs.pick(g.r)...)
		case 'V':
			dst = append(dst, topicOr(g, e, 20, selVerbs).past...)
		case 'B':
			dst = append(dst, topicOr(g, e, 20, selVerbs).base...)
		case 'E':
			dst = append(dst, topicOr(g, e, 20, selVerbs).pp...)
		case 'Z':
			dst = append(dst, topicOr(g, e, 20, selVerbs).s...)
		case 'I':
			dst = append(dst, e.reg.intrans.pick(g.r).past...)
		case 'M':
			dst = append(dst, e.reg.movers.pick(g.r).past...)
		case '#':
			dst = g.appendCount(dst, e)
		case '%':
			dst = g.appendPct(dst)
		case '$':
			dst = g.appendMoney(dst, e)
		case 'W':
			if g.r.IntN(10) < 7 {
				dst = append(dst, weekdays[e.weekday]...)
			} else {
				dst = append(dst, weekdays[g.r.IntN(7)]...)
			}
		case 'H':
			dst = append(dst, months[g.r.IntN(12)]...)
		case 'Y':
			dst = strconv.AppendInt(dst, int64(2023-g.zipfYears.pick(g.r)), 10)
		case 'T':
			dst = g.appendClock(dst)
		case 'J':
			dst = append(dst, votes[g.r.IntN(len(votes))]...)
		case '9':
			dst = g.appendPhone(dst)
		case 'C':
			dst = g.exec(dst, e.reg.clauses[g.r.IntN(len(e.reg.clauses))], e)
		case 'Q':
			dst = g.exec(dst, e.reg.quotes[g.r.IntN(len(e.reg.quotes))], e)
			capAt(dst, start)
			if e.record {
				e.quotes = append(e.quotes, [2]int{start, len(dst)})
			}
		default:
			panic("synth: unknown slot " + string(pc.slot))
		}
		dst = fixArticle(dst, start)
	}
	return dst
}

// sentence appends one sentence from ts, capitalized, avoiding the
// templates used in the last few sentences of the story.
func (g *gen) sentence(dst []byte, ts []tmpl, e *ents) []byte {
	start := len(dst)
	k := g.r.IntN(len(ts))
	for try := 0; try < 4 && e.usedRecently(k); try++ {
		k = g.r.IntN(len(ts))
	}
	e.recent[e.nrecent%len(e.recent)] = int16(k)
	e.nrecent++
	dst = g.exec(dst, ts[k], e)
	capAt(dst, start)
	return dst
}

func (e *ents) usedRecently(k int) bool {
	for i := range min(e.nrecent, len(e.recent)) {
		if int(e.recent[i]) == k {
			return true
		}
	}
	return false
}

// headline appends a headline in sentence case.
func (g *gen) headline(dst []byte, e *ents) []byte {
	e.head = true
	start := len(dst)
	dst = g.exec(dst, e.reg.heads[g.r.IntN(len(e.reg.heads))], e)
	capAt(dst, start)
	e.head = false
	return dst
}

// paragraphs appends n paragraphs separated by sep, recording the start and
// end offset of each in *ps and *pe. The first sentence is a lede if lede.
func (g *gen) paragraphs(dst []byte, n int, sep string, e *ents, lede bool, ps, pe *[]int) []byte {
	for p := range n {
		if p > 0 {
			dst = append(dst, sep...)
		}
		start := len(dst)
		k := 1
		switch x := g.r.IntN(20); {
		case x >= 17:
			k = 3
		case x >= 9:
			k = 2
		}
		for s := 0; s < k || len(dst)-start < 90; s++ {
			if s > 0 {
				dst = append(dst, ' ')
			}
			if p == 0 && s == 0 && lede {
				dst = g.sentence(dst, e.reg.ledes, e)
			} else {
				dst = g.sentence(dst, e.reg.sents, e)
			}
		}
		if ps != nil {
			*ps = append(*ps, start)
			*pe = append(*pe, len(dst))
		}
	}
	return dst
}
