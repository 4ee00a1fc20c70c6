package shingle

import (
	"encoding/binary"
	"math/rand/v2"
	"testing"
)

func TestOCRFold(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"world", "world"},
		{"wor1d", "world"},
		{"w0rld5", "worlds"},
		{"w0r1d5", "w0r1d5"}, // as many digits as letters
		{"10th", "10th"},
		{"100m", "100m"},
		{"1990s", "1990s"},
		{"1990", "1990"},
		{"1st", "lst"},
		{"modern", "modem"},
		{"committee", "eomite"},
		{"hello", "helo"},
		{"rnrn", "m"},
		{"mrn", "m"},
		{"rrn", "rm"},
		{"run", "mn"},
		{"bun", "hn"},
		{"café", "eafé"},
	} {
		if got := string(ocrFold([]byte(tt.in))); got != tt.want {
			t.Errorf("ocrFold(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if got := string(ocrFold([]byte(tt.want))); got != tt.want {
			t.Errorf("ocrFold(%q) = %q: not idempotent", tt.want, got)
		}
	}
}

// ocrFoldShort folds short words of letters as ocrFold does, and numbers;
// it leaves words that mix letters and digits or hold an rn to ocrFold.
func TestOCRFoldShort(t *testing.T) {
	const letters, digits = "rnmucebhlosat", "015729"
	r := rand.New(rand.NewPCG(1, 2))
	folded := 0
	for range 200000 {
		alphabet := letters
		switch r.IntN(10) {
		case 0:
			alphabet = digits
		case 1:
			alphabet = letters + digits
		}
		w := make([]byte, 1+r.IntN(15))
		for i := range w {
			w[i] = alphabet[r.IntN(len(alphabet))]
		}
		var buf [16]byte
		copy(buf[:], w)
		k1, k2 := binary.LittleEndian.Uint64(buf[:]), binary.LittleEndian.Uint64(buf[8:])
		want := ocrFold(append([]byte(nil), w...))
		f1, f2, m, ok := ocrFoldShort(k1, k2, len(w))
		if !ok {
			continue
		}
		folded++
		binary.LittleEndian.PutUint64(buf[:], f1)
		binary.LittleEndian.PutUint64(buf[8:], f2)
		if string(buf[:m]) != string(want) || string(buf[m:]) != string(make([]byte, 16-m)) {
			t.Fatalf("ocrFoldShort(%q) = %q (bytes %x), ocrFold %q", w, buf[:m], buf, want)
		}
	}
	if folded < 150000 {
		t.Errorf("ocrFoldShort folded %d of 200000 words", folded)
	}
}
