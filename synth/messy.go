package synth

import "bytes"

// The messy kinds' rewriting of a wire paragraph (Options.Messy).

// appendWrapped writes para hard-wrapped at width columns: a line break
// instead of the space before a word that would pass width.
func appendWrapped(b, para []byte, width int) []byte {
	col := 0
	for w := range bytes.FieldsSeq(para) {
		switch {
		case col == 0:
		case col+1+len(w) <= width:
			b = append(b, ' ')
			col++
		default:
			b = append(b, '\n')
			col = 0
		}
		b = append(b, w...)
		col += len(w)
	}
	return b
}

// appendReworded writes para with about rate of its words replaced: by a
// synonym where there is one, otherwise by another word of the paragraph.
func (g *gen) appendReworded(b, para []byte, rate float64) []byte {
	words := bytes.Fields(para)
	for i, tok := range words {
		if i > 0 {
			b = append(b, ' ')
		}
		if g.r.Float64() >= rate {
			b = append(b, tok...)
			continue
		}
		lead, core, trail := splitPunct(tok)
		b = append(b, lead...)
		if syn := synonyms[string(core)]; syn != "" {
			b = append(b, syn...)
		} else {
			_, other, _ := splitPunct(words[g.r.IntN(len(words))])
			b = append(b, other...)
		}
		b = append(b, trail...)
	}
	return b
}

var numberWords = [...]string{"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"}

// appendRestyled writes para with its figures in another house style:
// "8.3%" as "8.3 percent", "$1.8 billion" as "1.8 billion dollars",
// "9,543" as "9543", a one-digit number in words.
func (g *gen) appendRestyled(b, para []byte) []byte {
	words := bytes.Fields(para)
	for i := 0; i < len(words); i++ {
		if i > 0 {
			b = append(b, ' ')
		}
		lead, core, trail := splitPunct(words[i])
		if !bytes.ContainsAny(core, "0123456789") {
			b = append(b, words[i]...)
			continue
		}
		b = append(b, lead...)
		switch {
		case bytes.HasSuffix(core, []byte("%")):
			b = append(b, core[:len(core)-1]...)
			b = append(b, " percent"...)
		case core[0] == '$':
			b = append(b, core[1:]...)
			if len(trail) == 0 && i+1 < len(words) {
				if _, unit, t := splitPunct(words[i+1]); bytes.HasSuffix(unit, []byte("illion")) {
					b = append(b, ' ')
					b = append(b, unit...)
					trail = t
					i++
				}
			}
			b = append(b, " dollars"...)
		case len(core) == 1 && core[0] >= '0' && core[0] <= '9':
			b = append(b, numberWords[core[0]-'0']...)
		default:
			b = append(b, bytes.ReplaceAll(core, []byte(","), nil)...)
		}
		b = append(b, trail...)
	}
	return b
}
