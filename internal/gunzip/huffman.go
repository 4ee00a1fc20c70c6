package gunzip

// Huffman decoding tables, in the manner of libdeflate: a table indexed
// by the next bits of the stream (Huffman codes are packed starting from
// their first bit, so a code's table index is its bit-reversal) gives the
// symbol already turned into what the decoder needs (a literal byte, or a
// length or distance base and its count of extra bits) and how many bits
// to consume. Codes longer than the table's index bits continue in a
// subtable of subBits more bits.
//
// An entry is a uint32:
//
//	bits 0-4   bits to consume (the code's length, or what is left of it
//	           past the main table for a subtable's entry)
//	bits 5-7   kind
//	bits 8-11  extra bits of a length or distance
//	bits 16-31 literal byte, length or distance base, or subtable offset

const (
	kindLiteral = iota << 5
	kindLength
	kindEnd
	kindSub
	kindInvalid // a code no symbol has (incomplete code) or a symbol deflate does not allow

	kindMask = 7 << 5
)

const (
	litBits  = 10 // index bits of the literal/length table
	distBits = 8  // index bits of the distance table
	maxCode  = 15 // longest code deflate allows

	// litTableSize and distTableSize hold a main table and at most one
	// subtable per symbol (a code longer than the index bits), the
	// subtables holding the remaining bits of the longest code.
	litTableSize  = 1<<litBits + 288<<(maxCode-litBits)
	distTableSize = 1<<distBits + 32<<(maxCode-distBits)
)

// Length and distance symbols: base value and extra bits (RFC 1951,
// 3.2.5).
var (
	lengthBase = [29]uint16{3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258}
	lengthBits = [29]uint8{0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0}
	distBase   = [30]uint16{1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577}
	distXBits  = [30]uint8{0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13}
)

// litEntry returns the entry of literal/length symbol sym, without its
// bit count.
func litEntry(sym int) uint32 {
	switch {
	case sym < 256:
		return kindLiteral | uint32(sym)<<16
	case sym == 256:
		return kindEnd
	case sym <= 285:
		i := sym - 257
		return kindLength | uint32(lengthBits[i])<<8 | uint32(lengthBase[i])<<16
	}
	return kindInvalid // 286 and 287 have fixed codes but no meaning
}

// distEntry returns the entry of distance symbol sym, without its bit
// count.
func distEntry(sym int) uint32 {
	if sym < 30 {
		return kindLength | uint32(distXBits[sym])<<8 | uint32(distBase[sym])<<16
	}
	return kindInvalid // 30 and 31 have fixed codes but no meaning
}

// codeLenEntry is the entry of a code length code's symbol: the symbol.
func codeLenEntry(sym int) uint32 { return kindLiteral | uint32(sym)<<16 }

// buildTable fills table, whose main part has 1<<bits entries, with the
// canonical Huffman code of lengths (one per symbol, 0 for a symbol
// without a code), entry giving each symbol's entry. It reports whether
// the code is one deflate decoders accept, by the rules of Go's
// compress/flate and zlib: complete (every sequence of bits starts a
// code), or a single code of one bit, or no code at all (every entry
// invalid: an error only when the table is used). Cost: O(table size).
func buildTable(table []uint32, bits uint, lengths []uint8, entry func(int) uint32) bool {
	var count [maxCode + 1]int
	maxLen := 0
	for _, n := range lengths {
		if n > maxCode {
			return false
		}
		if n > 0 {
			count[n]++
			maxLen = max(maxLen, int(n))
		}
	}
	var next [maxCode + 1]int
	code := 0
	for n := 1; n <= maxCode; n++ {
		code <<= 1
		next[n] = code
		code += count[n]
	}
	// code is now the first code of length maxCode + 1 after all codes,
	// halved: 1<<maxCode when every sequence of bits starts a code, more
	// when the lengths ask for more codes than there are.
	switch {
	case maxLen == 0:
	case code == 1<<maxCode:
	case maxLen == 1 && count[1] == 1:
	default:
		return false
	}
	main := table[:1<<bits]
	for i := range main {
		main[i] = kindInvalid
	}
	subBits := uint(maxCode) - bits
	nextSub := 1 << bits
	for sym, n := range lengths {
		if n == 0 {
			continue
		}
		c := next[n]
		next[n]++
		rev := reverse(c, uint(n))
		e := entry(sym)
		if uint(n) <= bits {
			for i := rev; i < 1<<bits; i += 1 << n {
				main[i] = e | uint32(n)
			}
			continue
		}
		head := rev & (1<<bits - 1)
		if main[head]&kindMask != kindSub {
			sub := table[nextSub : nextSub+1<<subBits]
			for i := range sub {
				sub[i] = kindInvalid
			}
			main[head] = kindSub | uint32(nextSub)<<16 | uint32(bits)
			nextSub += 1 << subBits
		}
		sub := table[main[head]>>16:][:1<<subBits]
		for i := rev >> bits; i < 1<<subBits; i += 1 << (uint(n) - bits) {
			sub[i] = e | uint32(uint(n)-bits)
		}
	}
	return true
}

// reverse returns the n low bits of c in reverse order.
func reverse(c int, n uint) int {
	r := 0
	for range n {
		r = r<<1 | c&1
		c >>= 1
	}
	return r
}

// The tables of fixed-code blocks (RFC 1951, 3.2.6).
var fixedLit, fixedDist = func() (*[litTableSize]uint32, *[distTableSize]uint32) {
	var lengths [288]uint8
	for i := range lengths {
		switch {
		case i < 144:
			lengths[i] = 8
		case i < 256:
			lengths[i] = 9
		case i < 280:
			lengths[i] = 7
		default:
			lengths[i] = 8
		}
	}
	lit := new([litTableSize]uint32)
	buildTable(lit[:], litBits, lengths[:], litEntry)
	var d [32]uint8
	for i := range d {
		d[i] = 5
	}
	dist := new([distTableSize]uint32)
	buildTable(dist[:], distBits, d[:], distEntry)
	return lit, dist
}()
