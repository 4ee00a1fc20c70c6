package synth

import (
	"strconv"
	"time"
	"unicode/utf8"
)

// story is the current wire story: its entities, headline and body.
type story struct {
	e        ents
	city     *wireCity
	reporter [2]*person // wire bylines; reporter[1] may be nil
	repStore [2]person
	body     []byte // paragraphs separated by "\n\n"
	ps, pe   []int  // paragraph offsets in body
	head     []byte
}

func (s *story) paras() int { return len(s.ps) }
func (s *story) para(i int) []byte {
	return s.body[s.ps[i]:s.pe[i]]
}

// newPerson fills p with a random person of register reg.
func (g *gen) newPerson(p *person, e *ents) {
	reg := e.reg
	*p = person{first: *reg.first.pick(g.r), last: *reg.last.pick(g.r)}
	if !reg.titles.empty() && g.r.IntN(10) < 4 {
		p.title = *reg.titles.pick(g.r)
	} else if !reg.roles.empty() {
		p.role = *reg.roles.pick(g.r)
		p.roleOrg = g.pickOrg(e)
	}
}

// resetEnts prepares e for a new story of register reg.
func (g *gen) resetEnts(e *ents, reg *register, t int64) {
	e.reg = reg
	e.topic = &reg.topics[g.r.IntN(len(reg.topics))]
	e.orgs = e.orgs[:0]
	e.places = e.places[:0]
	e.persons = e.persons[:0]
	e.quotes = e.quotes[:0]
	e.record = false
	e.head = false
	e.nrecent = 0
	e.weekday = int(time.Unix(t, 0).UTC().Weekday())
	e.money = g.logUniform(20_000, 20_000_000_000)
	e.count = int(g.logUniform(12, 40000))
	for range 2 + g.r.IntN(2) {
		e.orgs = append(e.orgs, g.freshOrg(e))
	}
	for range 2 + g.r.IntN(3) {
		e.persons = append(e.persons, person{})
		g.newPerson(&e.persons[len(e.persons)-1], e)
	}
}

// newWireStory generates the wire story of the current group.
func (g *gen) newWireStory(t int64) {
	s := &g.st
	e := &s.e
	g.resetEnts(e, g.lx.wire, t)
	s.city = &g.lx.cities[g.cityZ.pick(g.r)]
	e.places = append(e.places, s.city.name)
	for range 1 + g.r.IntN(2) {
		e.places = append(e.places, *e.reg.places.pick(g.r))
	}
	for i := range s.repStore {
		g.newPerson(&s.repStore[i], e)
		s.reporter[i] = &s.repStore[i]
	}
	if g.r.IntN(3) != 0 {
		s.reporter[1] = nil
	}
	n := 4 + g.r.IntN(6) + g.r.IntN(6)
	if g.r.IntN(8) == 0 {
		n++
	}
	e.record = true
	s.ps, s.pe = s.ps[:0], s.pe[:0]
	s.body = g.paragraphs(s.body[:0], n, "\n\n", e, true, &s.ps, &s.pe)
	e.record = false
	s.head = g.headline(s.head[:0], e)
}

func appendUpper(dst []byte, s string) []byte {
	for _, c := range s {
		switch {
		case c >= 'a' && c <= 'z':
			dst = append(dst, byte(c-'a'+'A'))
		case c < utf8.RuneSelf:
			dst = append(dst, byte(c))
		default:
			if u := upperRune(c); u != 0 {
				c = u
			}
			dst = utf8.AppendRune(dst, c)
		}
	}
	return dst
}

func upperRune(c rune) rune {
	switch c {
	case 'ü':
		return 'Ü'
	case 'é':
		return 'É'
	}
	return 0
}

func appendName(dst []byte, p *person, upper bool) []byte {
	if upper {
		dst = appendUpper(dst, p.first)
		dst = append(dst, ' ')
		return appendUpper(dst, p.last)
	}
	dst = append(dst, p.first...)
	dst = append(dst, ' ')
	return append(dst, p.last...)
}

// wireDoc writes the wire original.
func (g *gen) wireDoc(t int64) {
	s := &g.st
	d := g.newDoc(KindWire, -1, t)
	b := append(d.text, s.head...)
	b = append(b, "\nBy "...)
	b = appendName(b, s.reporter[0], true)
	if s.reporter[1] != nil {
		b = append(b, " and "...)
		b = appendName(b, s.reporter[1], true)
	}
	b = append(b, "\nAssociated Press\n\n"...)
	b = append(b, s.city.dateline...)
	b = append(b, " (AP) — "...)
	base := len(b)
	b = append(b, s.body...)
	for i := range s.ps {
		d.ps = append(d.ps, base+s.ps[i])
		d.pe = append(d.pe, base+s.pe[i])
	}
	d.lo, d.hi = 0, s.paras()
	if g.r.IntN(10) < 6 {
		b = append(b, "\n\n"...)
		b = g.creditLine(b)
	}
	b = append(b, "\n\n"...)
	b = append(b, wireTrailer...)
	d.text = b
}

func (g *gen) creditLine(b []byte) []byte {
	var p person
	e := &g.st.e
	g.newPerson(&p, e)
	if g.r.IntN(2) == 0 {
		b = append(b, "Associated Press writer "...)
		b = appendName(b, &p, false)
		b = append(b, " in "...)
		b = append(b, g.lx.cities[g.cityZ.pick(g.r)].name...)
		return append(b, " contributed to this report."...)
	}
	b = append(b, "Associated Press writers "...)
	b = appendName(b, &p, false)
	b = append(b, " in "...)
	b = append(b, g.lx.cities[g.cityZ.pick(g.r)].name...)
	b = append(b, " and "...)
	g.newPerson(&p, e)
	b = appendName(b, &p, false)
	b = append(b, " in "...)
	b = append(b, g.lx.cities[g.cityZ.pick(g.r)].name...)
	return append(b, " contributed to this report."...)
}

var apMonths = [...]string{"Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."}

// appendPublished writes an outlet's published-time line for time t.
func appendPublished(b []byte, style int, t int64) []byte {
	tm := time.Unix(t, 0).UTC()
	y, mo, d := tm.Date()
	h, mi := tm.Hour(), tm.Minute()
	h12 := h % 12
	if h12 == 0 {
		h12 = 12
	}
	clock := func(b []byte, upper bool) []byte {
		b = strconv.AppendInt(b, int64(h12), 10)
		b = append(b, ':', byte('0'+mi/10), byte('0'+mi%10))
		switch {
		case upper && h >= 12:
			return append(b, " PM"...)
		case upper:
			return append(b, " AM"...)
		case h >= 12:
			return append(b, " p.m."...)
		}
		return append(b, " a.m."...)
	}
	date := func(b []byte, ap bool) []byte {
		if ap {
			b = append(b, apMonths[mo-1]...)
		} else {
			b = append(b, months[mo-1]...)
		}
		b = append(b, ' ')
		b = strconv.AppendInt(b, int64(d), 10)
		b = append(b, ", "...)
		return strconv.AppendInt(b, int64(y), 10)
	}
	switch style {
	case 0:
		b = append(b, "Published "...)
		b = clock(b, false)
		b = append(b, " ET "...)
		return date(b, true)
	case 1:
		b = append(b, "Posted "...)
		b = date(b, true)
		b = append(b, " at "...)
		return clock(b, true)
	case 2:
		b = append(b, "Updated: "...)
		b = date(b, true)
		b = append(b, ", "...)
		return clock(b, false)
	}
	return date(b, false)
}
