package shingle

import (
	"bytes"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/spaolacci/murmur3"
)

// murmur3 is the oracle: wordHash computes short words itself.
func TestWordHashIsMurmur3(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for n := 0; n <= 40; n++ {
		for range 200 {
			w := make([]byte, n)
			for i := range w {
				w[i] = byte(rng.Uint32())
			}
			seed := rng.Uint32()
			if n%3 == 0 {
				seed = 0
			}
			if got, want := wordHash(w, seed), murmur3.Sum64WithSeed(w, seed); got != want {
				t.Fatalf("wordHash(%x, %d) = %#x, murmur3 says %#x", w, seed, got, want)
			}
		}
	}
}

// Token hashes are murmur3 hashes of the normalized words.
func TestTokenHashIsMurmur3OfNormalForm(t *testing.T) {
	checkTokenHashes(t, []byte("Ünïcödé and ASCII words, short and considerably-longer-than-sixteen-bytes, 東京."))
}

// checkTokenHashes asserts that the tokens of text hash as murmur3 hashes
// the words of its normal form.
func checkTokenHashes(t *testing.T, text []byte) {
	var s Shingler
	toks := s.AppendTokens(nil, text)
	words := bytes.Fields(Normalize(nil, text))
	if len(words) != len(toks) {
		t.Fatalf("%q: %d tokens, %d normalized words", text, len(toks), len(words))
	}
	for i, w := range words {
		if len(w) > maxWord {
			continue // hashed by a prefix
		}
		if want := murmur3.Sum64WithSeed(w, 0); toks[i].Hash != want {
			t.Fatalf("%q: token %d (%q) hash %#x, murmur3 of %q is %#x", text, i, text[toks[i].Start:toks[i].End], toks[i].Hash, w, want)
		}
	}
}

// checkFastPath checks that tokenize's fast path for short ASCII words
// gives the tokens of the general loop.
func checkFastPath(t *testing.T, text []byte) {
	fast := Shingler{}.AppendTokens(nil, text)
	var general []Token
	Shingler{}.tokenizeWith(text, false, func(t Token) bool {
		general = append(general, t)
		return true
	})
	if !slices.Equal(fast, general) {
		t.Fatalf("%q: fast path tokens %v, general loop %v", text, fast, general)
	}
}

// TestFastPath puts words of every length up to 17 bytes before every
// ASCII byte and some non-ASCII ones, then a blank, a word character or a
// new line, in texts cut short and not, so that words end inside, at and
// past each 8-byte load.
func TestFastPath(t *testing.T) {
	word := "aZ09yAmz0Q9bcXdeF"
	var ends []string
	for c := range 128 {
		ends = append(ends, string(rune(c)))
	}
	ends = append(ends, "é", "’", "\u00ad", "\xff", "東")
	for n := 1; n <= len(word); n++ {
		for _, end := range ends {
			// After the end, a blank, a word character (which an
			// apostrophe or hyphen joins) and a new line.
			for _, next := range []string{"   tail", "s tail", "\nkeeping"} {
				for pad := 0; pad <= 4; pad++ {
					text := []byte(word[:n] + end + next + strings.Repeat(" ", 14))
					checkFastPath(t, text[:min(len(text), 14+pad+n)])
					checkFastPath(t, text)
					checkFastPath(t, append([]byte(strings.Repeat("x", pad)+" "), text...))
				}
			}
		}
	}
}
