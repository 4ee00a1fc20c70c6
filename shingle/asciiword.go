package shingle

import (
	"encoding/binary"
	"math/bits"
)

// The fast path of tokenize: most news words are ASCII letters and digits,
// under 16 bytes, followed by a space or punctuation. shortASCIIWord finds
// such a word eight bytes at a time, folds its case and its OCR readings
// (ocrFoldShort) and hashes it in registers, where the general loop goes
// byte by byte through a buffer.

const (
	lows  = 0x0101010101010101
	highs = 0x8080808080808080
)

// shortASCIIWord reports whether text starts with an ASCII word of under
// 16 bytes that ends at an ASCII byte that neither continues nor joins it
// (an apostrophe or hyphen may join the next word, a non-ASCII byte may be
// a letter), and that ocrFoldShort folds (it neither mixes letters and
// digits nor holds an rn): then the general loop would make the token
// text[:n] with hash h, which it returns. Otherwise, including when text
// has fewer than 16 bytes, it reports false.
func shortASCIIWord(text []byte, seed uint32) (n int, h uint64, ok bool) {
	if len(text) < 16 {
		return 0, 0, false
	}
	k1 := binary.LittleEndian.Uint64(text)
	w1 := wordBytes(k1)
	var k2 uint64
	if ^w1&highs == 0 { // eight word bytes: the word goes on
		k2 = binary.LittleEndian.Uint64(text[8:])
		w2 := wordBytes(k2)
		if ^w2&highs == 0 {
			return 0, 0, false // 16 bytes or more
		}
		n = 8 + bits.TrailingZeros64(^w2&highs)/8
		k2 = fold(k2) & (1<<(8*(n-8)) - 1)
	} else {
		n = bits.TrailingZeros64(^w1&highs) / 8
	}
	switch text[n] {
	case '\'', '-':
		return 0, 0, false
	}
	if text[n] >= 0x80 {
		return 0, 0, false
	}
	k1 = fold(k1)
	if n < 8 {
		k1 &= 1<<(8*n) - 1
	}
	k1, k2, m, ok := ocrFoldShort(k1, k2, n)
	if !ok {
		return 0, 0, false
	}
	return n, hashShort(k1, k2, m, seed), true
}

// wordBytes returns, for each byte of x, 0x80 if it is an ASCII letter or
// digit and 0 otherwise. For bytes below 0x80, v + (0x80-lo) has its high
// bit set iff v ≥ lo, and v + (0x7f-hi) iff v > hi, with no carry into the
// next byte.
func wordBytes(x uint64) uint64 {
	ascii := ^x & highs
	x &^= highs
	y := x | 0x20*lows // letters in lower case
	letter := (y + (0x80-'a')*lows) &^ (y + (0x7f-'z')*lows)
	digit := (x + (0x80-'0')*lows) &^ (x + (0x7f-'9')*lows)
	return (letter | digit) & ascii
}

// fold returns x's ASCII letters in lower case; digits, which have the
// 0x20 bit set already, are unchanged. Other bytes do not matter.
func fold(x uint64) uint64 { return x | 0x20*lows }
