package shingle

import (
	"bytes"
	"math/rand/v2"
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
