package cluster

import "unicode/utf8"

// Terms for sentence alignment: a word's lower-cased ASCII form, with
// inflections stripped by a light suffix stemmer unless it is an English
// function word. Paraphrase and machine translation keep the content
// words of a sentence but change their order, their inflection and the
// function words around them; terms keep what survives, and tf-isf
// weighting leaves little weight to the function words.

// stopWords are the English function words (the NLTK English list,
// apostrophes removed as the tokenizer removes them, plus the reporting
// verb "said"): they are not stemmed, and their terms are marked so that
// edge trimming ignores them. Words of fewer than three letters are no
// terms at all.
var stopWords = func() map[string]struct{} {
	m := make(map[string]struct{})
	for _, w := range []string{
		"about", "above", "after", "again", "against", "all", "and", "any", "are", "arent",
		"because", "been", "before", "being", "below", "between", "both", "but", "can", "cant",
		"cannot", "could", "couldnt", "did", "didnt", "does", "doesnt", "doing", "dont", "down",
		"during", "each", "few", "for", "from", "further", "had", "hadnt", "has", "hasnt",
		"have", "havent", "having", "her", "here", "hers", "herself", "him", "himself", "his",
		"how", "into", "isnt", "its", "itself", "just", "more", "most", "mustnt", "myself",
		"nor", "not", "now", "off", "once", "only", "other", "ought", "our", "ours",
		"ourselves", "out", "over", "own", "said", "same", "shant", "she", "shes", "should",
		"shouldnt", "some", "such", "than", "that", "thats", "the", "their", "theirs", "them",
		"themselves", "then", "there", "theres", "these", "they", "this", "those", "through", "too",
		"under", "until", "very", "was", "wasnt", "were", "werent", "what", "when", "where",
		"which", "while", "who", "whom", "why", "will", "with", "wont", "would", "wouldnt",
		"you", "your", "yours", "yourself", "yourselves", "also", "may", "might", "must", "shall",
		"upon", "its", "youre", "youve", "youll", "weve", "were", "theyre", "theyve", "ive",
		"hes", "im", "ill", "isnt", "yet", "via", "per", "onto", "whose",
	} {
		m[w] = struct{}{}
	}
	return m
}()

// maxTermLen bounds the bytes of a word considered for stemming; longer
// words are hashed as they are.
const maxTermLen = 64

// termHash returns the term hash of the word text[start:end], or 0 if the
// word is shorter than three letters. tokHash is the tokenizer's hash of the
// word, used as the term of words that are not plain ASCII (they are kept
// whole, without stemming). It does not allocate.
func termHash(text []byte, start, end int, tokHash uint64) uint64 {
	var buf [maxTermLen]byte
	w := buf[:0]
	for i := start; i < end; i++ {
		c := text[i]
		switch {
		case 'a' <= c && c <= 'z' || '0' <= c && c <= '9':
			if len(w) == maxTermLen {
				return tokHash | 1
			}
			w = append(w, c)
		case 'A' <= c && c <= 'Z':
			if len(w) == maxTermLen {
				return tokHash | 1
			}
			w = append(w, c+'a'-'A')
		case c == '\'' || c == '-':
			// joiners inside a word, dropped as the tokenizer drops them
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRune(text[i:end])
			switch r {
			case 0xAD, 0x2018, 0x2019, 0x201B, 0x02BC, 0x2010, 0x2011:
				// soft hyphen, typographic apostrophes and hyphens
				i += size - 1
				continue
			}
			// Not plain ASCII: keep the tokenizer's normalized word.
			return tokHash | 1
		}
	}
	if len(w) < 3 {
		return 0
	}
	_, stop := stopWords[string(w)]
	if !stop {
		w = stem(w)
	}
	h := uint64(14695981039346656037) // FNV-1a, then a final mix
	for _, c := range w {
		h ^= uint64(c)
		h *= 1099511628211
	}
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	// The low bits tell the kinds of term apart: x1 is a word that is not
	// plain ASCII, 10 a function word, 00 a content word (never 0).
	if stop {
		return h&^3 | 2
	}
	return max(h&^3, 4)
}

// isStopTerm reports whether the term hash h is an English function word.
func isStopTerm(h uint64) bool { return h&3 == 2 }

// stem strips common English inflectional and a few derivational suffixes
// from the lower-case ASCII word w, in place, so that "reduces",
// "reduced" and "reducing" share the stem "reduc". It is a light stemmer
// in the spirit of Porter's step 1 and never shortens a word below three
// letters.
func stem(w []byte) []byte {
	if !hasVowel(w) {
		return w
	}
	// Plurals and third person.
	switch {
	case hasSuffix(w, "sses"):
		w = w[:len(w)-2]
	case hasSuffix(w, "ies") && len(w) > 4:
		w = append(w[:len(w)-3], 'y')
	case hasSuffix(w, "ss"), hasSuffix(w, "us"), hasSuffix(w, "is"):
	case hasSuffix(w, "s") && len(w) > 3:
		w = w[:len(w)-1]
	}
	// Derivational endings that translation and rewording swap freely.
	for _, s := range [...]struct{ from, to string }{
		{"ational", "ate"}, {"ization", "ize"}, {"isation", "ize"}, {"fulness", "ful"},
		{"iveness", "ive"}, {"ousness", "ous"}, {"ation", "ate"}, {"ness", ""},
		{"ment", ""}, {"ally", "al"}, {"ly", ""}, {"ise", "ize"},
	} {
		if hasSuffix(w, s.from) && len(w)-len(s.from)+len(s.to) >= 4 {
			w = append(w[:len(w)-len(s.from)], s.to...)
			break
		}
	}
	// Past tense and participles.
	stripped := false
	switch {
	case hasSuffix(w, "eed"):
		w = w[:len(w)-1]
	case hasSuffix(w, "ing") && len(w) >= 6 && hasVowel(w[:len(w)-3]):
		w, stripped = w[:len(w)-3], true
	case hasSuffix(w, "ed") && len(w) >= 5 && hasVowel(w[:len(w)-2]):
		w, stripped = w[:len(w)-2], true
	}
	if stripped && hasSuffix(w, "is") && len(w) >= 5 {
		w[len(w)-1] = 'z' // "organised" -> "organiz", as "organized"
	}
	if stripped {
		// "stopped" -> "stop", but "falling" -> "fall".
		if n := len(w); n >= 4 && w[n-1] == w[n-2] && !isVowel(w[n-1]) && w[n-1] != 'l' && w[n-1] != 's' && w[n-1] != 'z' {
			w = w[:n-1]
		}
	}
	// A final e or y varies with the suffix: "create"/"creating",
	// "happy"/"happier".
	if n := len(w); n > 3 && w[n-1] == 'e' {
		w = w[:n-1]
	} else if n > 3 && w[n-1] == 'y' {
		w[n-1] = 'i'
	}
	return w
}

func hasSuffix(w []byte, s string) bool {
	return len(w) > len(s) && string(w[len(w)-len(s):]) == s
}

func isVowel(c byte) bool {
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'
}

func hasVowel(w []byte) bool {
	for _, c := range w {
		if isVowel(c) || c == 'y' {
			return true
		}
	}
	return false
}
