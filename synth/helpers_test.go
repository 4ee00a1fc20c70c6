package synth

import (
	"strings"
	"unicode"
)

// normWords splits text on whitespace and keeps the lower-cased letters and
// digits of each token, dropping tokens that have none.
func normWords(s string) []string {
	var out []string
	for _, f := range strings.Fields(s) {
		w := strings.Map(func(r rune) rune {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				return unicode.ToLower(r)
			}
			return -1
		}, f)
		if w != "" {
			out = append(out, w)
		}
	}
	return out
}

// sharedFrac is the fraction of a's words that can be matched (as a
// multiset) by b's words.
func sharedFrac(a, b string) float64 {
	wa, wb := normWords(a), normWords(b)
	if len(wa) == 0 {
		return 0
	}
	bag := map[string]int{}
	for _, w := range wb {
		bag[w]++
	}
	n := 0
	for _, w := range wa {
		if bag[w] > 0 {
			bag[w]--
			n++
		}
	}
	return float64(n) / float64(len(wa))
}

// mask replaces every occurrence of each phrase in s with a paragraph
// break, so no word run can cross or include it.
func mask(s string, phrases []string) string {
	for _, p := range phrases {
		if p != "" {
			s = strings.ReplaceAll(s, p, "\n\x00\n")
		}
	}
	return s
}

// boilerplate is everything a detector is expected to ignore: every
// outlet's header and footer lines, and the stock phrases.
func boilerplate(c *Corpus) []string {
	var ps []string
	for _, o := range c.Outlets {
		for _, part := range []string{o.Header, o.Footer} {
			for l := range strings.SplitSeq(part, "\n") {
				if l != "" {
					ps = append(ps, l)
				}
			}
		}
	}
	return append(ps, StockPhrases()...)
}

// runs returns the set of n-word runs (joined by spaces) of the masked
// text, not crossing mask points.
func runs(text string, n int, into map[string]bool) {
	for seg := range strings.SplitSeq(text, "\x00") {
		w := normWords(seg)
		for i := 0; i+n <= len(w); i++ {
			into[strings.Join(w[i:i+n], " ")] = true
		}
	}
}
