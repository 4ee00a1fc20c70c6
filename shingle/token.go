// Package shingle normalizes news text and splits it into word tokens and
// k-word shingles, each reduced to a seeded 64-bit hash.
//
// Offsets always refer to the original input, so any token or shingle can be
// mapped back to the bytes it came from. Normalization happens per token and
// never rewrites the input.
//
// # Normalization
//
// A word is a maximal run of letters, digits and combining marks. Words are
// normalized for news text as it is copied, retyped and scanned:
//
//   - compatibility forms are decomposed (NFKD: ligatures, full-width letters,
//     superscripts) and diacritics are removed ("café" and "cafe" match);
//   - case is folded ("Straße" and "STRASSE" match, final sigma is unified);
//   - apostrophes of every style inside a word are dropped ("it's" and "it’s"
//     match "its"), as are hyphens of every style inside a word
//     ("decades-old" is "decadesold") and soft hyphens;
//   - a word broken across a line end by a hyphen ("peace-\nkeeping") is
//     joined when the next line starts with a lower-case letter;
//   - every other character (punctuation, quotes, dashes, symbols) separates
//     words, so quoting style and dash style never matter;
//   - Han, Hiragana and Katakana characters are one token each, as UAX #29
//     word segmentation treats them;
//   - letters that OCR misreads as one another are one letter (ocrFold):
//     "wor1d" is "world" and "rnodern" is "modern", c is e, b is h, u is
//     n, and a run of one letter is that letter once ("comittee" matches
//     "committee").
//
// ASCII text takes a fast path with no Unicode tables.
package shingle

import (
	"iter"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// A Token is one normalized word: the bytes text[Start:End] it came from and
// the hash of its normalized form. Tokens with equal normalized forms (and
// equal seeds) have equal hashes.
type Token struct {
	Start, End int
	Hash       uint64
}

// maxWord bounds the normalized bytes hashed for one word. Longer "words"
// (base64 blobs, URLs without separators) are hashed by their first maxWord
// normalized bytes; their offsets still cover the whole run.
const maxWord = 128

// A Shingler splits text into tokens and k-token shingles. The zero Shingler
// uses 5-token shingles and seed 0. A Shingler holds no state and is safe for
// concurrent use.
type Shingler struct {
	K    int    // tokens per shingle; 0 means 5
	Seed uint32 // hashes are comparable only under equal seeds
}

// DefaultK is the number of tokens per shingle of the zero Shingler.
const DefaultK = 5

func (s Shingler) k() int {
	if s.K <= 0 {
		return DefaultK
	}
	return s.K
}

// AppendTokens appends the tokens of text to dst and returns the extended
// slice. It allocates only to grow dst. Cost: O(len(text)).
func (s Shingler) AppendTokens(dst []Token, text []byte) []Token {
	s.tokenize(text, func(t Token) bool {
		dst = append(dst, t)
		return true
	})
	return dst
}

// Tokens returns an iterator over the tokens of text. It yields the same
// tokens as AppendTokens and allocates nothing.
func (s Shingler) Tokens(text []byte) iter.Seq[Token] {
	return func(yield func(Token) bool) { s.tokenize(text, yield) }
}

// tokenize calls yield for each token of text until yield returns false.
func (s Shingler) tokenize(text []byte, yield func(Token) bool) { s.tokenizeWith(text, true, yield) }

// tokenizeWith is tokenize, taking the fast path for short ASCII words
// (shortASCIIWord) only when fast is set, so that tests can compare.
func (s Shingler) tokenizeWith(text []byte, fast bool, yield func(Token) bool) {
	ws := workspaces.Get().(*workspace)
	defer workspaces.Put(ws)
	buf, scratch := &ws.word, &ws.scratch
	seed := s.Seed
	i := 0
	for i < len(text) {
		c := text[i]
		if c < utf8.RuneSelf {
			if !isASCIIWord(c) {
				i++
				continue
			}
			if n, h, ok := shortASCIIWord(text[i:], seed); ok && fast {
				if !yield(Token{Start: i, End: i + n, Hash: h}) {
					return
				}
				i += n
				continue
			}
		} else {
			r, size := utf8.DecodeRune(text[i:])
			if isIdeograph(r) {
				n := foldIdeograph(buf[:0], scratch[:0], r)
				if !yield(Token{Start: i, End: i + size, Hash: wordHash(n, seed)}) {
					return
				}
				i += size
				continue
			}
			if !isWordRune(r) || unicode.IsMark(r) {
				i += size
				continue
			}
		}
		start := i
		w := buf[:0]
		end, j := i, i
		for j < len(text) {
			c := text[j]
			if c < utf8.RuneSelf {
				if l := asciiFold[c]; l != 0 {
					// A run of ASCII word characters, folded into w,
					// whose capacity is at least maxWord.
					n := len(w)
					w = w[:cap(w)]
					for {
						if n < maxWord {
							w[n] = l
							n++
						}
						j++
						if j == len(text) {
							break
						}
						if l = asciiFold[text[j]]; l == 0 {
							break
						}
					}
					w, end = w[:n], j
					continue
				}
				if c == '\'' || c == '-' {
					if k := joinAfter(text, j, c == '-'); k > 0 {
						j = k
						continue
					}
				}
				break
			}
			r, size := utf8.DecodeRune(text[j:])
			switch {
			case r == 0xAD: // soft hyphen: invisible inside a word
				j += size
				continue
			case isApostrophe(r) || isHyphen(r):
				if k := joinAfter(text, j, isHyphen(r)); k > 0 {
					j = k
					continue
				}
			case isIdeograph(r):
			case isWordRune(r):
				if len(w) < maxWord {
					w = foldRune(w, scratch[:0], r)
				}
				j += size
				end = j
				continue
			}
			break
		}
		if len(w) > 0 {
			w = ocrFold(truncWord(w))
			if !yield(Token{Start: start, End: end, Hash: wordHash(w, seed)}) {
				return
			}
		}
		if j == start { // cannot happen, but never loop forever
			j++
		}
		i = j
	}
}

// A workspace holds the buffers one tokenize call needs. Buffers are pooled
// because the Unicode path hands them to functions that let them escape.
type workspace struct {
	word    [maxWord + utf8.UTFMax*4]byte
	scratch [64]byte
}

var workspaces = sync.Pool{New: func() any { return new(workspace) }}

// joinAfter reports where a word continues after the joiner at text[j]
// (an apostrophe or hyphen), or 0 if the joiner ends the word. A joiner
// continues the word when a word character follows at once; a hyphen also
// continues it across a line end ("peace-\nkeeping") when the next line
// starts with a lower-case letter.
func joinAfter(text []byte, j int, hyphen bool) int {
	_, size := utf8.DecodeRune(text[j:])
	k := j + size
	if k < len(text) && startsWord(text[k:]) {
		return k
	}
	if !hyphen {
		return 0
	}
	k = skipBlanks(text, k)
	if k < len(text) && text[k] == '\r' {
		k++
	}
	if k >= len(text) || text[k] != '\n' {
		return 0
	}
	k = skipBlanks(text, k+1)
	if k >= len(text) {
		return 0
	}
	r, _ := utf8.DecodeRune(text[k:])
	if unicode.IsLower(r) {
		return k
	}
	return 0
}

// truncWord cuts a normalized word to at most maxWord bytes, at a rune
// boundary.
func truncWord(w []byte) []byte {
	if len(w) <= maxWord {
		return w
	}
	n := maxWord
	for n > 0 && !utf8.RuneStart(w[n]) {
		n--
	}
	return w[:n]
}

func skipBlanks(text []byte, k int) int {
	for k < len(text) && (text[k] == ' ' || text[k] == '\t') {
		k++
	}
	return k
}

// startsWord reports whether b begins with a letter, digit or mark that
// can continue a word.
func startsWord(b []byte) bool {
	c := b[0]
	if c < utf8.RuneSelf {
		return isASCIIWord(c)
	}
	r, _ := utf8.DecodeRune(b)
	return isWordRune(r) && !isIdeograph(r)
}

// asciiFold maps the ASCII word characters (letters and digits) to their
// lower case, and other bytes to 0.
var asciiFold = func() (t [256]byte) {
	for c := range 128 {
		if isASCIIWord(byte(c)) {
			t[c] = byte(unicode.ToLower(rune(c)))
		}
	}
	return t
}()

func isASCIIWord(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r)
}

func isIdeograph(r rune) bool {
	return r >= 0x2E80 && unicode.IsLetter(r) && (unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r))
}

func isApostrophe(r rune) bool {
	switch r {
	case '\'', 0x2018, 0x2019, 0x201B, 0x02BC, 0x2032, 0xFF07:
		return true
	}
	return false
}

func isHyphen(r rune) bool {
	switch r {
	case '-', 0x2010, 0x2011, 0xFE63, 0xFF0D:
		return true
	}
	return false
}

// foldRune appends the normalized form of r to w: compatibility
// decomposition, marks removed, case folded. Characters that decompose to
// non-word characters (the fraction slash of "½") are dropped. Runes below
// foldTableSize come from a table built on first use, so the common scripts
// never allocate.
func foldRune(w, scratch []byte, r rune) []byte {
	if r < utf8.RuneSelf {
		c := byte(r)
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		return append(w, c)
	}
	if r < foldTableSize {
		foldOnce.Do(buildFoldTable)
		return append(w, foldData[foldIndex[r]:foldIndex[r+1]]...)
	}
	return foldSlow(w, scratch, r)
}

const foldTableSize = 0x3000

var (
	foldOnce  sync.Once
	foldIndex [foldTableSize + 1]uint32
	foldData  []byte
)

func buildFoldTable() {
	var scratch [64]byte
	for r := rune(0); r < foldTableSize; r++ {
		foldIndex[r] = uint32(len(foldData))
		if r < utf8.RuneSelf {
			if isASCIIWord(byte(r)) {
				foldData = foldRune(foldData, nil, r)
			}
			continue
		}
		foldData = foldSlow(foldData, scratch[:0], r)
	}
	foldIndex[foldTableSize] = uint32(len(foldData))
}

func foldSlow(w, scratch []byte, r rune) []byte {
	scratch = utf8.AppendRune(scratch, r)
	if !norm.NFKD.IsNormal(scratch) {
		scratch = norm.NFKD.Append(scratch[len(scratch):], scratch...)
	}
	for len(scratch) > 0 {
		d, size := utf8.DecodeRune(scratch)
		scratch = scratch[size:]
		w = appendFolded(w, d)
	}
	return w
}

// foldIdeograph appends the normalized form of an ideograph: its
// compatibility decomposition (U+F900 compatibility ideographs map to the
// unified ones) without marks (the voicing marks of kana), when that is
// one ideograph; otherwise r itself.
func foldIdeograph(w, scratch []byte, r rune) []byte {
	scratch = utf8.AppendRune(scratch, r)
	if norm.NFKD.IsNormal(scratch) {
		return append(w, scratch...)
	}
	dec := norm.NFKD.Append(scratch[len(scratch):], scratch...)
	base := rune(-1)
	for len(dec) > 0 {
		d, size := utf8.DecodeRune(dec)
		dec = dec[size:]
		if unicode.IsMark(d) {
			continue
		}
		if base >= 0 || !isIdeograph(d) {
			// A digraph ("ゟ" is "より") or a non-ideograph would be more
			// than one token when the output is tokenized again: keep r.
			return utf8.AppendRune(w, r)
		}
		base = d
	}
	if base < 0 {
		return utf8.AppendRune(w, r)
	}
	return utf8.AppendRune(w, base)
}

// appendFolded appends the folded form of the decomposed rune d. It drops
// marks, non-word characters and ideographs (which would split the word
// they came from when the output is tokenized again).
func appendFolded(w []byte, d rune) []byte {
	if unicode.IsMark(d) || !(unicode.IsLetter(d) || unicode.IsNumber(d)) || isIdeograph(d) || isApostrophe(d) {
		return w
	}
	switch d {
	case 'ß', 'ẞ':
		return append(w, 's', 's')
	case 'ς':
		d = 'σ'
	case 'ı': // dotless i folds with i, as Turkish text is often retyped
		d = 'i'
	}
	if l := unicode.ToLower(d); l != d {
		d = l
	} else if u := unicode.ToUpper(d); u != d && unicode.ToLower(u) == d {
		// already lower case
	} else if f := unicode.SimpleFold(d); f != d && unicode.IsLower(f) {
		d = f
	}
	if d >= utf8.RuneSelf && d != 'σ' {
		// A folded letter may itself decompose (rare); decompose once more.
		var tmp [utf8.UTFMax]byte
		enc := utf8.AppendRune(tmp[:0], d)
		if !norm.NFKD.IsNormal(enc) {
			var out [32]byte
			dec := norm.NFKD.Append(out[:0], enc...)
			for len(dec) > 0 {
				e, size := utf8.DecodeRune(dec)
				dec = dec[size:]
				if !unicode.IsMark(e) && (unicode.IsLetter(e) || unicode.IsNumber(e)) {
					w = utf8.AppendRune(w, unicode.ToLower(e))
				}
			}
			return w
		}
	}
	return utf8.AppendRune(w, d)
}
