package synth

import (
	"strconv"
	"time"
)

// Unrelated documents: local stories and formulaic template stories.

// localEnts prepares the entities of a local story for outlet o.
func (g *gen) localEnts(o *outlet, t int64) *ents {
	e := &g.le
	g.resetEnts(e, g.lx.local, t)
	for range 2 + g.r.IntN(2) {
		e.places = append(e.places, *e.reg.places.pick(g.r))
	}
	return e
}

// unrelatedDoc writes one unrelated document at time t.
func (g *gen) unrelatedDoc(t int64) {
	oi := g.r.IntN(len(g.outlets))
	if g.r.Float64() < g.o.Templates {
		switch g.r.IntN(3) {
		case 0:
			g.earningsDoc(oi, t)
		case 1:
			g.sportsDoc(oi, t)
		default:
			g.weatherDoc(oi, t)
		}
		return
	}
	g.localDoc(oi, t)
}

func (g *gen) localDoc(oi int, t int64) {
	o := &g.outlets[oi]
	d := g.newDoc(KindLocal, oi, t)
	b := appendTop(d.text, o)
	e := g.localEnts(o, t)
	b = g.appendStaffHead(b, e, o, t)
	if g.r.IntN(10) < 3 {
		b = appendUpper(b, o.home.name)
		b = append(b, " — "...)
	}
	b = g.paragraphs(b, 3+g.r.IntN(8), o.parSep, e, true, nil, nil)
	if g.r.IntN(10) == 0 {
		b = append(b, "\n\nThe Associated Press contributed to this report."...)
	}
	d.text = appendFooter(b, o)
}

// templateTop writes chrome, headline placeholder handled by caller, and
// the byline and published lines.
func (g *gen) templateHead(b []byte, o *outlet, t int64, byline string) []byte {
	b = append(b, '\n')
	b = append(b, byline...)
	b = append(b, '\n')
	b = appendPublished(b, o.pubStyle, t)
	return append(b, "\n\n"...)
}

var (
	coPrefix   = [...]string{"Apex", "Northfield", "Meridian", "Bluewater", "Crestline", "Ironbridge", "Silverleaf", "Harborview", "Pinnacle", "Redstone", "Clearwater", "Stonegate", "Brightpath", "Granite", "Westbrook", "Sterling", "Cobalt", "Lumen", "Vantage", "Oakmont"}
	coIndustry = [...]string{"Logistics", "Therapeutics", "Semiconductor", "Foods", "Energy", "Financial", "Software", "Industries", "Biosciences", "Retail", "Holdings", "Networks", "Materials", "Pharmaceuticals", "Brands", "Systems"}
	coSuffix   = [...]string{"Inc.", "Corp.", "Co.", "Ltd.", "Group"}
	quarters   = [...]string{"first", "second", "third", "fourth"}
	upDown     = [...]string{"risen", "declined"}
)

// appendCents writes $d.cc for a value in cents.
func appendCents(b []byte, c int) []byte {
	if c < 0 {
		b = append(b, '-')
		c = -c
	}
	b = append(b, '$')
	b = strconv.AppendInt(b, int64(c/100), 10)
	return append(b, '.', byte('0'+c/10%10), byte('0'+c%10))
}

func (g *gen) earningsDoc(oi int, t int64) {
	o := &g.outlets[oi]
	d := g.newDoc(KindEarnings, oi, t)
	b := appendTop(d.text, o)
	p, ind := coPrefix[g.r.IntN(len(coPrefix))], coIndustry[g.r.IntN(len(coIndustry))]
	co := p + " " + ind + " " + coSuffix[g.r.IntN(len(coSuffix))]
	q := g.r.IntN(4)
	b = append(b, co...)
	b = append(b, ": Q"...)
	b = append(b, byte('1'+q))
	b = append(b, " Earnings Snapshot"...)
	b = g.templateHead(b, o, t, "By The Associated Press")
	city := &g.lx.cities[g.cityZ.pick(g.r)]
	b = append(b, city.dateline...)
	b = append(b, " (AP) — "...)
	eps := 5 + g.r.IntN(400)
	prev := eps + g.r.IntN(80) - 40
	b = append(b, co...)
	b = append(b, " reported "...)
	b = append(b, quarters[q]...)
	b = append(b, "-quarter earnings of "...)
	b = appendCents(b, eps)
	b = append(b, " per share, compared with "...)
	b = appendCents(b, prev)
	b = append(b, " a year earlier."...)
	b = append(b, o.parSep...)
	rev := 20 + g.r.IntN(5000)
	pct := 1 + g.r.IntN(30)
	if g.r.IntN(3) == 0 {
		b = append(b, "Revenue fell "...)
	} else {
		b = append(b, "Revenue rose "...)
	}
	b = strconv.AppendInt(b, int64(pct), 10)
	b = append(b, "% to $"...)
	b = appendCommas(b, int64(rev))
	b = append(b, " million, from $"...)
	b = appendCommas(b, int64(rev*100/(100+pct)))
	b = append(b, " million in the same period last year."...)
	b = append(b, o.parSep...)
	b = append(b, "The results "...)
	b = append(b, [...]string{"beat", "missed", "matched"}[g.r.IntN(3)]...)
	b = append(b, " Wall Street expectations. The average estimate of "...)
	b = strconv.AppendInt(b, int64(2+g.r.IntN(12)), 10)
	b = append(b, " analysts surveyed by Zacks Investment Research was for earnings of "...)
	b = appendCents(b, eps+g.r.IntN(20)-10)
	b = append(b, " per share on revenue of $"...)
	b = appendCommas(b, int64(rev+g.r.IntN(60)-30))
	b = append(b, " million."...)
	if g.r.IntN(2) == 0 {
		b = append(b, o.parSep...)
		b = append(b, co...)
		b = append(b, " expects full-year earnings in the range of "...)
		lo := eps*4 - g.r.IntN(50)
		b = appendCents(b, lo)
		b = append(b, " to "...)
		b = appendCents(b, lo+10+g.r.IntN(40))
		b = append(b, " per share."...)
	}
	b = append(b, o.parSep...)
	b = append(b, p...)
	b = append(b, " shares have "...)
	b = append(b, upDown[g.r.IntN(2)]...)
	b = append(b, ' ')
	b = strconv.AppendInt(b, int64(1+g.r.IntN(40)), 10)
	b = append(b, "% since the beginning of the year, while the S&P 500 index has "...)
	b = append(b, upDown[g.r.IntN(2)]...)
	b = append(b, ' ')
	b = strconv.AppendInt(b, int64(1+g.r.IntN(20)), 10)
	b = append(b, "%."...)
	b = append(b, "\n\n_____\n\nThis story was generated by Automated Insights using data from Zacks Investment Research."...)
	d.text = appendFooter(b, o)
}

var mascots = [...]string{"Hawks", "Eagles", "Wolves", "Bears", "Lions", "Tigers", "Panthers", "Falcons",
	"Rams", "Colts", "Bulldogs", "Wildcats", "Mustangs", "Stallions", "Rockets", "Comets", "Pilots",
	"Mariners", "Pirates", "Knights", "Titans", "Vipers", "Cougars", "Bison", "Owls", "Badgers", "Otters",
	"Foxes", "Herons"}

func (g *gen) team(b []byte) []byte {
	b = append(b, g.lx.homes[g.r.IntN(len(g.lx.homes))].name...)
	b = append(b, ' ')
	return append(b, mascots[g.r.IntN(len(mascots))]...)
}

func (g *gen) player(b []byte) []byte {
	b = append(b, *g.lx.local.first.pick(g.r)...)
	b = append(b, ' ')
	return append(b, *g.lx.local.last.pick(g.r)...)
}

func appendInt(b []byte, n int) []byte { return strconv.AppendInt(b, int64(n), 10) }

func appendRecord(b []byte, w, l int) []byte {
	b = append(b, " ("...)
	b = appendInt(b, w)
	b = append(b, '-')
	b = appendInt(b, l)
	return append(b, ')')
}

func (g *gen) sportsDoc(oi int, t int64) {
	o := &g.outlets[oi]
	d := g.newDoc(KindSports, oi, t)
	b := appendTop(d.text, o)
	var ta, tb [64]byte
	a := g.team(ta[:0])
	bb := g.team(tb[:0])
	sport := g.r.IntN(3)
	var s1, s2 int
	switch sport {
	case 0:
		s2 = 3 + g.r.IntN(28)
		s1 = s2 + 1 + g.r.IntN(17)
	case 1:
		s2 = 80 + g.r.IntN(35)
		s1 = s2 + 1 + g.r.IntN(20)
	default:
		s2 = g.r.IntN(6)
		s1 = s2 + 1 + g.r.IntN(5)
	}
	score := func(b []byte) []byte {
		b = appendInt(b, s1)
		b = append(b, '-')
		return appendInt(b, s2)
	}
	b = append(b, a...)
	b = append(b, " beat "...)
	b = append(b, bb...)
	b = append(b, ' ')
	b = score(b)
	b = g.templateHead(b, o, t, "By The Associated Press")
	b = appendUpper(b, o.home.name)
	b = append(b, " (AP) — "...)
	day := weekdays[time.Unix(t, 0).UTC().Weekday()]
	switch sport {
	case 0:
		b = g.player(b)
		b = append(b, " threw for "...)
		b = appendInt(b, 150+g.r.IntN(250))
		b = append(b, " yards and "...)
		b = append(b, smallNums[g.r.IntN(3)]...)
		b = append(b, " touchdowns, and the "...)
		b = append(b, a...)
		b = append(b, " beat the "...)
		b = append(b, bb...)
		b = append(b, ' ')
		b = score(b)
		b = append(b, " on "...)
		b = append(b, day...)
		b = append(b, " night."...)
		b = append(b, o.parSep...)
		b = g.player(b)
		b = append(b, " ran for "...)
		b = appendInt(b, 40+g.r.IntN(120))
		b = append(b, " yards on "...)
		b = appendInt(b, 8+g.r.IntN(20))
		b = append(b, " carries for the "...)
		b = append(b, a...)
		b = appendRecord(b, 1+g.r.IntN(10), g.r.IntN(8))
		b = append(b, ", who have won "...)
		b = append(b, smallNums[g.r.IntN(5)]...)
		b = append(b, " straight."...)
		b = append(b, o.parSep...)
		b = g.player(b)
		b = append(b, " had "...)
		b = appendInt(b, 3+g.r.IntN(9))
		b = append(b, " catches for "...)
		b = appendInt(b, 30+g.r.IntN(120))
		b = append(b, " yards and a touchdown for the "...)
		b = append(b, bb...)
		b = appendRecord(b, g.r.IntN(8), 1+g.r.IntN(10))
		b = append(b, '.')
		b = append(b, o.parSep...)
		b = append(b, "The "...)
		b = append(b, bb...)
		b = append(b, " pulled within "...)
		b = appendInt(b, 1+g.r.IntN(7))
		b = append(b, " points early in the fourth quarter before "...)
		b = g.player(b)
		b = append(b, " answered with a "...)
		b = appendInt(b, 20+g.r.IntN(35))
		b = append(b, "-yard field goal."...)
	case 1:
		b = g.player(b)
		b = append(b, " scored "...)
		b = appendInt(b, 18+g.r.IntN(30))
		b = append(b, " points and grabbed "...)
		b = appendInt(b, 5+g.r.IntN(12))
		b = append(b, " rebounds to lead the "...)
		b = append(b, a...)
		b = append(b, " past the "...)
		b = append(b, bb...)
		b = append(b, ' ')
		b = score(b)
		b = append(b, " on "...)
		b = append(b, day...)
		b = append(b, " night."...)
		b = append(b, o.parSep...)
		b = g.player(b)
		b = append(b, " added "...)
		b = appendInt(b, 8+g.r.IntN(20))
		b = append(b, " points and "...)
		b = appendInt(b, 2+g.r.IntN(10))
		b = append(b, " assists for the "...)
		b = append(b, a...)
		b = append(b, ", who have won "...)
		w := 3 + g.r.IntN(6)
		b = appendInt(b, w)
		b = append(b, " of their last "...)
		b = appendInt(b, w+g.r.IntN(4))
		b = append(b, " games."...)
		b = append(b, o.parSep...)
		b = g.player(b)
		b = append(b, " led the "...)
		b = append(b, bb...)
		b = append(b, " with "...)
		b = appendInt(b, 12+g.r.IntN(25))
		b = append(b, " points."...)
	default:
		b = g.player(b)
		b = append(b, " homered and drove in "...)
		b = append(b, smallNums[g.r.IntN(3)]...)
		b = append(b, " runs, "...)
		b = g.player(b)
		b = append(b, " pitched "...)
		b = append(b, smallNums[3+g.r.IntN(3)]...)
		b = append(b, " strong innings and the "...)
		b = append(b, a...)
		b = append(b, " beat the "...)
		b = append(b, bb...)
		b = append(b, ' ')
		b = score(b)
		b = append(b, " on "...)
		b = append(b, day...)
		b = append(b, '.')
		b = append(b, o.parSep...)
		b = append(b, "The winner"...)
		b = appendRecord(b, 1+g.r.IntN(12), g.r.IntN(10))
		b = append(b, " allowed "...)
		b = appendInt(b, s2)
		if s2 == 1 {
			b = append(b, " run and "...)
		} else {
			b = append(b, " runs and "...)
		}
		b = appendInt(b, 2+g.r.IntN(7))
		b = append(b, " hits, struck out "...)
		b = appendInt(b, 2+g.r.IntN(9))
		b = append(b, " and walked "...)
		b = appendInt(b, g.r.IntN(4))
		b = append(b, '.')
		b = append(b, o.parSep...)
		b = g.player(b)
		b = append(b, " went 2 for 4 with a double for the "...)
		b = append(b, bb...)
		b = append(b, ", who have lost "...)
		l := 2 + g.r.IntN(5)
		b = appendInt(b, l)
		b = append(b, " of "...)
		b = appendInt(b, l+g.r.IntN(4))
		b = append(b, '.')
	}
	d.text = appendFooter(b, o)
}

var (
	skies = [...]string{"Sunny", "Mostly sunny", "Partly sunny", "Mostly cloudy", "Cloudy",
		"Showers likely", "Scattered thunderstorms", "Patchy fog before 10 a.m., then partly sunny",
		"Rain", "Snow showers", "Partly cloudy"}
	nightSkies = [...]string{"Mostly clear", "Partly cloudy", "Clear", "Mostly cloudy", "Showers likely", "Patchy fog"}
	winds      = [...]string{"North", "Northeast", "East", "Southeast", "South", "Southwest", "West", "Northwest"}
)

func (g *gen) weatherDoc(oi int, t int64) {
	o := &g.outlets[oi]
	d := g.newDoc(KindWeather, oi, t)
	b := appendTop(d.text, o)
	tm := time.Unix(t, 0).UTC()
	b = append(b, o.home.name...)
	b = append(b, " weather forecast for "...)
	b = append(b, weekdays[tm.Weekday()]...)
	b = append(b, ", "...)
	b = append(b, months[tm.Month()-1]...)
	b = append(b, ' ')
	b = appendInt(b, tm.Day())
	b = g.templateHead(b, o, t, "From the National Weather Service")
	hi := 20 + g.r.IntN(75)
	for p := range 4 + g.r.IntN(4) {
		if p > 0 {
			b = append(b, o.parSep...)
		}
		night := p%2 == 1
		switch {
		case p == 0:
			b = append(b, "Today: "...)
		case p == 1:
			b = append(b, "Tonight: "...)
		default:
			b = append(b, weekdays[(int(tm.Weekday())+p/2)%7]...)
			if night {
				b = append(b, " Night: "...)
			} else {
				b = append(b, ": "...)
			}
		}
		if g.r.IntN(3) == 0 {
			c := 10 * (2 + g.r.IntN(7))
			if c == 80 {
				b = append(b, "An "...)
			} else {
				b = append(b, "A "...)
			}
			b = appendInt(b, c)
			b = append(b, " percent chance of showers. "...)
		}
		if night {
			b = append(b, nightSkies[g.r.IntN(len(nightSkies))]...)
			b = append(b, ", with a low around "...)
			b = appendInt(b, hi-8-g.r.IntN(15))
		} else {
			hi += g.r.IntN(9) - 4
			b = append(b, skies[g.r.IntN(len(skies))]...)
			b = append(b, ", with a high near "...)
			b = appendInt(b, hi)
		}
		b = append(b, ". "...)
		b = append(b, winds[g.r.IntN(len(winds))]...)
		w := 3 + g.r.IntN(10)
		b = append(b, " wind "...)
		b = appendInt(b, w)
		b = append(b, " to "...)
		b = appendInt(b, w+5)
		b = append(b, " mph."...)
	}
	b = append(b, "\n\nForecast provided by the National Weather Service."...)
	d.text = appendFooter(b, o)
}
