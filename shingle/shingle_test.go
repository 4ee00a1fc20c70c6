package shingle

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Hello, World!", "helo world"},
		{"", ""},
		{"  ...  ", ""},
		{"it's it’s it‘s itʼs", "its its its its"},
		{"“Breaking” «news» — 'quoted'", "hreaking news qnoted"},
		{"decades-old decades‐old decades‑old", "deadesold deadesold deadesold"},
		{"peace-\nkeeping peace- \r\n  keeping", "peaekeping peaekeping"},
		{"end-\nNew sentence", "end new sentene"},
		{"Café CAFÉ cafe\u0301", "eafe eafe eafe"},
		{"Straße STRASSE", "strase strase"},
		{"ΣΊΣΥΦΟΣ σίσυφος", "σισυφοσ σισυφοσ"},
		{"ﬁnal ＡＢＣ", "final ahe"},
		{"İstanbul Istanbul", "istanhnl istanhnl"},
		{"东京市场", "东 京 市 场"},
		{"U.S.A. 1,234.56", "n s a 1 234 56"},
		{"soft\u00adhyphen", "softhyphen"},
		{"Jones' car", "jones ear"},
		{"a—b a–b a/b", "a h a h a h"},
		{"wor1d rnodern modern 10th", "world modem modem 10th"}, // OCR readings
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, string(Normalize(nil, []byte(tt.in))), "Normalize(%q)", tt.in)
	}
}

func TestTokensOffsets(t *testing.T) {
	text := []byte("MOSCOW (AP) — Azerbaijan’s peace-\nkeeping “deal” ended in 1994.")
	var s Shingler
	var got []string
	for _, tok := range s.AppendTokens(nil, text) {
		got = append(got, string(text[tok.Start:tok.End]))
	}
	assert.Equal(t, []string{"MOSCOW", "AP", "Azerbaijan’s", "peace-\nkeeping", "deal", "ended", "in", "1994"}, got)
}

func TestEqualNormalFormsEqualHashes(t *testing.T) {
	var s Shingler
	a := s.AppendTokens(nil, []byte("The Café’s “final” report — decades-old"))
	b := s.AppendTokens(nil, []byte("the cafe's \"FINAL\" report - decades-\nold"))
	require.Len(t, a, len(b))
	for i := range a {
		assert.Equal(t, a[i].Hash, b[i].Hash, "token %d", i)
	}
	other := Shingler{Seed: 1}.AppendTokens(nil, []byte("The"))
	assert.NotEqual(t, a[0].Hash, other[0].Hash, "seed must change hashes")
}

func TestHashesAgree(t *testing.T) {
	text := []byte(strings.Repeat("Armenia and Azerbaijan have been locked in a decades-old dispute. ", 20))
	for _, k := range []int{0, 1, 3, 5, 9} {
		s := Shingler{K: k}
		toks := s.AppendTokens(nil, text)
		var fromIter []uint64
		for tok := range s.Tokens(text) {
			require.Equal(t, toks[len(fromIter)], tok)
			fromIter = append(fromIter, 0)
		}
		require.Len(t, fromIter, len(toks))
		hashes := s.AppendHashes(nil, toks)
		var n int
		for sh := range s.Shingles(text) {
			require.Equal(t, hashes[n], sh.Hash)
			require.Equal(t, toks[sh.Index].Start, sh.Start)
			require.Equal(t, s.HashTokens(toks[sh.Index:sh.Index+s.k()]), sh.Hash)
			n++
		}
		require.Equal(t, len(toks)-s.k()+1, n)
		require.Len(t, hashes, n)
	}
}

func TestShortText(t *testing.T) {
	var s Shingler
	toks := s.AppendTokens(nil, []byte("only three words"))
	require.Len(t, toks, 3)
	assert.Len(t, s.AppendHashes(nil, toks), 1, "a text shorter than K has one shingle")
	assert.Empty(t, s.AppendHashes(nil, nil))
	n := 0
	for range s.Shingles([]byte("only three words")) {
		n++
	}
	assert.Equal(t, 1, n)
}

func TestShingleOrderMatters(t *testing.T) {
	var s Shingler
	a := s.AppendHashes(nil, s.AppendTokens(nil, []byte("a b c d e")))
	b := s.AppendHashes(nil, s.AppendTokens(nil, []byte("e d c b a")))
	assert.NotEqual(t, a, b)
}

func TestNoAllocs(t *testing.T) {
	text := []byte(strings.Repeat("Russia has deployed nearly 2,000 peacekeepers — “at least” five years. Café. ", 50))
	var s Shingler
	toks := make([]Token, 0, 2000)
	hashes := make([]uint64, 0, 2000)
	allocs := testing.AllocsPerRun(20, func() {
		toks = s.AppendTokens(toks[:0], text)
		hashes = s.AppendHashes(hashes[:0], toks)
	})
	assert.Zero(t, allocs)
	allocs = testing.AllocsPerRun(20, func() {
		for range s.Tokens(text) {
		}
	})
	assert.Zero(t, allocs)
}

func TestLongWord(t *testing.T) {
	long := strings.Repeat("é", 300)
	var s Shingler
	toks := s.AppendTokens(nil, []byte(long+" x"))
	require.Len(t, toks, 2)
	assert.Equal(t, len(long), toks[0].End)
	n := Normalize(nil, []byte(long))
	assert.True(t, utf8.Valid(n))
	assert.LessOrEqual(t, len(n), maxWord)
}

// TestLongASCIIWord: a word is cut after maxWord bytes, also when it is
// ASCII (folded by a faster path) or continues after a joiner.
func TestLongASCIIWord(t *testing.T) {
	var s Shingler
	cut := s.AppendTokens(nil, []byte(strings.Repeat("a", maxWord)))
	for _, w := range []string{strings.Repeat("A", 300), strings.Repeat("a", 100) + "'" + strings.Repeat("b", 100)} {
		toks := s.AppendTokens(nil, []byte(w+" x"))
		require.Len(t, toks, 2)
		assert.Equal(t, len(w), toks[0].End)
		if w[0] == 'A' {
			assert.Equal(t, cut[0].Hash, toks[0].Hash)
		}
	}
	a := s.AppendTokens(nil, []byte(strings.Repeat("a", 100)+"'"+strings.Repeat("b", 100)))
	b := s.AppendTokens(nil, []byte(strings.Repeat("a", 100)+strings.Repeat("b", maxWord-100)))
	assert.Equal(t, b[0].Hash, a[0].Hash, "the apostrophe is not part of the word")
}

// checkTokens asserts the invariants every tokenization must keep.
func checkTokens(t *testing.T, text []byte) {
	var s Shingler
	boundary := make([]bool, len(text)+1)
	for i := 0; i < len(text); {
		boundary[i] = true
		_, size := utf8.DecodeRune(text[i:])
		i += size
	}
	boundary[len(text)] = true
	prev := 0
	for _, tok := range s.AppendTokens(nil, text) {
		if tok.Start < prev || tok.End <= tok.Start || tok.End > len(text) {
			t.Fatalf("bad token [%d,%d) after %d in %q", tok.Start, tok.End, prev, text)
		}
		if !boundary[tok.Start] || !boundary[tok.End] {
			t.Fatalf("token [%d,%d) not on rune boundaries in %q", tok.Start, tok.End, text)
		}
		prev = tok.End
	}
}

func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"Hello, World!", "peace-\nkeeping", "Ꮒ ꮒ", "İı", "ǅ ẞ", "3½", "東京", "a\u0301\u0302", "\xff\xfeabc", "it’s-"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, text []byte) {
		checkTokens(t, text)
		checkTokenHashes(t, text)
		checkFastPath(t, text)
		n := Normalize(nil, text)
		if !utf8.Valid(n) {
			t.Fatalf("Normalize(%q) = %q: invalid UTF-8", text, n)
		}
		if nn := Normalize(nil, n); string(nn) != string(n) {
			t.Fatalf("not idempotent: %q -> %q -> %q", text, n, nn)
		}
		// Normalizing must not change token hashes.
		var s Shingler
		a, b := s.AppendTokens(nil, text), s.AppendTokens(nil, n)
		if len(a) != len(b) {
			t.Fatalf("%q has %d tokens, its normal form %q has %d", text, len(a), n, len(b))
		}
		for i := range a {
			if a[i].Hash != b[i].Hash {
				t.Fatalf("token %d of %q hashes differently from its normal form %q", i, text, n)
			}
		}
	})
}
