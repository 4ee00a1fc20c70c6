package shingle

import "math/bits"

// Version numbers the normalization of words: a text's token hashes under
// one version differ from those under another, so fingerprints kept under
// one are of no use under another. Version 2 reads OCR misreadings as one
// letter (ocrFold).
const Version = 2

// OCR folding. Print that comes back from OCR has letters misread as
// letters or digits of like shape: "rn" as "m", "l" as "1", "O" as "0",
// "S" as "5", "e" as "c", "h" as "b", "n" as "u", and letters doubled or
// dropped. One misread letter changes its word and so every shingle that
// holds the word: at 5-10 % of letters misread, few 5-word shingles of a
// scanned copy are left to match. Words are therefore hashed by a skeleton
// in which these readings are one (ocrFold):
//
//   - in a word of more letters than digits, the digits 0, 1 and 5 are o,
//     l and s ("wor1d" is "world", while "10th" and "100m" keep their
//     digits);
//   - c is e, b is h and u is n;
//   - rn is m;
//   - a run of one letter is that letter once.
//
// Real words that differ only in these become one ("modern" and "modem",
// "bat" and "hat", "of" and "off"); a shingle holds five words, and a
// shingle of one text equals one of another only where all five agree.
//
// Measured on TestNewsMessy's copies with heavy OCR noise (found, located;
// means over Options.Seed 0-7): words as spelled 0.565, 0.038; digits and
// runs read 0.878, 0.309; and c as e 0.964, 0.647; and b as h 0.966, 0.742;
// and u as n 0.973, 0.799. Pooled over those seeds, as the test counts:
// pair recall 0.907 -> 0.967, reused bytes found 0.905 -> 0.965, precision
// 0.9829 -> 0.9882; the news tests' other figures moved within the spread
// Options.Seed alone gives them. I
// read as l ("I" misread as "l", folding i with l) found no more scanned
// copies and fewer embedded paragraphs (0.978 against 0.991 at four seeds).

// ocrPairs are the letters read as others: ocrPairs[i][0] reads as
// ocrPairs[i][1]. Each is folded into the commoner letter of its pair, so
// that normalized text stays legible. readLetters reads them in registers
// (TestOCRFoldShort holds the two to one another).
var ocrPairs = [...][2]byte{{'c', 'e'}, {'b', 'h'}, {'u', 'n'}}

// ocrLetter maps each byte to its reading by ocrPairs.
var ocrLetter = func() (t [256]byte) {
	for c := range t {
		t[c] = byte(c)
	}
	for _, p := range ocrPairs {
		t[p[0]] = p[1]
	}
	return t
}()

// ocrDigit maps the digits 0, 1 and 5 to the letters they are misread for,
// and every other byte to itself.
var ocrDigit = func() (t [256]byte) {
	for c := range t {
		t[c] = byte(c)
	}
	t['0'], t['1'], t['5'] = 'o', 'l', 's'
	return t
}()

// ocrFold folds the normalized word w into its OCR skeleton, in place, and
// returns it. A word without an ASCII letter (a number) is unchanged. The
// fold is idempotent: no skeleton holds c, b, u, "rn" or a run of one
// letter, nor 0, 1 or 5 where it read them.
func ocrFold(w []byte) []byte {
	letters, digits := 0, 0
	for _, c := range w {
		switch {
		case 'a' <= c && c <= 'z':
			letters++
		case '0' <= c && c <= '9':
			digits++
		}
	}
	if letters == 0 {
		return w
	}
	readDigits := digits > 0 && letters > digits
	out := w[:0]
	var last byte
	for i := 0; i < len(w); i++ {
		c := ocrLetter[w[i]]
		if readDigits {
			c = ocrDigit[c]
		}
		if c == 'r' && i+1 < len(w) && ocrLetter[w[i+1]] == 'n' {
			c = 'm'
			i++
		}
		if c == last && 'a' <= c && c <= 'z' {
			continue
		}
		out = append(out, c)
		last = c
	}
	return out
}

// ocrFoldShort is ocrFold for a word of n < 16 ASCII letters and digits
// in lower case, k1 its first eight bytes and k2 the rest, little-endian
// and zero-padded, as shortASCIIWord holds it: it returns the skeleton in
// the same form, computed in registers. ok is false for a word that mixes
// letters and digits or holds an rn (both rare), which the caller folds by
// ocrFold.
func ocrFoldShort(k1, k2 uint64, n int) (f1, f2 uint64, m int, ok bool) {
	word1 := byteMask(n)
	// Most words fit in k1 and take these fewer steps; the steps below
	// fold them too, k2 being zero, but BenchmarkTokens took 45 against
	// 41 µs that way.
	if n <= 8 {
		letter := k1 << 1 & word1 // bit 6 is set in letters, clear in digits
		switch {
		case letter == 0:
			return k1, 0, n, true
		case letter != word1:
			return 0, 0, 0, false
		}
		k1 = readLetters(k1)
		if equalBytes(k1, 'r')&equalBytes(k1>>8, 'n') != 0 {
			return 0, 0, 0, false
		}
		same := equalBytes(k1^k1<<8, 0) & word1 &^ 0x80
		for same != 0 {
			p := (63 - bits.LeadingZeros64(same)) / 8
			same &^= 0x80 << (8 * p)
			k1, _ = removeByte(k1, 0, p)
			n--
		}
		return k1, 0, n, true
	}
	word2 := byteMask(n - 8)
	letter1, letter2 := k1<<1&word1, k2<<1&word2
	switch {
	case letter1|letter2 == 0:
		return k1, k2, n, true
	case letter1 != word1 || letter2 != word2:
		return 0, 0, 0, false
	}
	k1, k2 = readLetters(k1), readLetters(k2)
	if equalBytes(k1, 'r')&equalBytes(k1>>8|k2<<56, 'n')|equalBytes(k2, 'r')&equalBytes(k2>>8, 'n') != 0 {
		return 0, 0, 0, false
	}
	// A letter equal to the one before it goes, from the last, so that
	// earlier positions hold.
	same1 := equalBytes(k1^k1<<8, 0) & word1 &^ 0x80
	same2 := equalBytes(k2^(k2<<8|k1>>56), 0) & word2
	for same2 != 0 {
		p := 8 + (63-bits.LeadingZeros64(same2))/8
		same2 &^= 0x80 << (8 * (p - 8))
		k1, k2 = removeByte(k1, k2, p)
		n--
	}
	for same1 != 0 {
		p := (63 - bits.LeadingZeros64(same1)) / 8
		same1 &^= 0x80 << (8 * p)
		k1, k2 = removeByte(k1, k2, p)
		n--
	}
	return k1, k2, n, true
}

// readLetters reads the letters of x as ocrPairs does: c+2 is e, b+6 is
// h, u-7 is n. The three are found in x at once, none being another's
// reading.
func readLetters(x uint64) uint64 {
	return x + equalBytes(x, 'c')>>6 + equalBytes(x, 'b')>>7*6 - equalBytes(x, 'u')>>7*7
}

// byteMask returns 0x80 in each of the first n bytes (none if n <= 0, all
// eight if n >= 8).
func byteMask(n int) uint64 {
	switch {
	case n <= 0:
		return 0
	case n >= 8:
		return highs
	}
	return highs & (1<<(8*n) - 1)
}

// equalBytes returns 0x80 in each byte of x equal to c and 0 in the
// others, for x and c of ASCII bytes (below 0x80): then t = x^c is below
// 0x80 in every byte, and t+0x7f has its high bit set iff t is not zero,
// with no carry into the next byte.
func equalBytes(x uint64, c byte) uint64 {
	t := x ^ lows*uint64(c)
	return ^(t + 0x7f*lows) & highs
}

// removeByte removes byte p of the 16 bytes k1, k2, moving the bytes after
// it down by one.
func removeByte(k1, k2 uint64, p int) (uint64, uint64) {
	if p >= 8 {
		q := uint(8 * (p - 8))
		return k1, k2&(1<<q-1) | k2>>(q+8)<<q
	}
	q := uint(8 * p)
	return k1&(1<<q-1) | k1>>(q+8)<<q | k2<<56, k2 >> 8
}
