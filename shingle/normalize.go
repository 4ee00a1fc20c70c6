package shingle

import "unicode/utf8"

// Normalize appends the normalized form of src to dst and returns the
// extended slice: its words, normalized as the package documentation
// describes, separated by single spaces. Two texts have equal token hashes
// exactly when their normalized forms are equal word for word (up to the
// 128-byte limit on one word). Normalize is idempotent.
func Normalize(dst, src []byte) []byte {
	var s Shingler
	ws := workspaces.Get().(*workspace)
	defer workspaces.Put(ws)
	scratch := ws.scratch[:0]
	first := true
	s.tokenize(src, func(t Token) bool {
		if !first {
			dst = append(dst, ' ')
		}
		first = false
		dst = appendWord(dst, scratch, src[t.Start:t.End])
		return true
	})
	return dst
}

// appendWord appends the normalized form of one token's bytes, as tokenize
// hashes it.
func appendWord(dst, scratch, word []byte) []byte {
	base := len(dst)
	n := 0
	for i := 0; i < len(word); {
		c := word[i]
		if c < utf8.RuneSelf {
			i++
			if isASCIIWord(c) && n < maxWord {
				before := len(dst)
				dst = foldRune(dst, scratch, rune(c))
				n += len(dst) - before
			}
			continue
		}
		r, size := utf8.DecodeRune(word[i:])
		i += size
		if isWordRune(r) && !isApostrophe(r) && r != 0xAD && n < maxWord {
			before := len(dst)
			if isIdeograph(r) {
				dst = foldIdeograph(dst, scratch, r)
			} else {
				dst = foldRune(dst, scratch, r)
			}
			n += len(dst) - before
		}
	}
	return append(dst[:base], ocrFold(truncWord(dst[base:]))...)
}
