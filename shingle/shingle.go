package shingle

import (
	"iter"
	"math/bits"
)

// A Shingle is the hash of K consecutive tokens. Tokens[Index:Index+K] are
// the tokens it covers and text[Start:End] the bytes they span.
type Shingle struct {
	Hash       uint64
	Index      int
	Start, End int
}

// AppendHashes appends the hashes of the k-token shingles of toks to dst and
// returns the extended slice: len(toks)-k+1 hashes, the i-th covering
// toks[i:i+k]. A text of fewer than k tokens (but at least one) has a single
// shingle covering all of them, so short texts still compare. It allocates
// only to grow dst. Cost: O(len(toks)·k).
func (s Shingler) AppendHashes(dst []uint64, toks []Token) []uint64 {
	k := s.k()
	if len(toks) == 0 {
		return dst
	}
	if len(toks) < k {
		return append(dst, combine(toks, s.Seed))
	}
	for i := 0; i+k <= len(toks); i++ {
		dst = append(dst, combine(toks[i:i+k], s.Seed))
	}
	return dst
}

// Shingles returns an iterator over the shingles of text, in order. It
// tokenizes text once and allocates one token slice.
func (s Shingler) Shingles(text []byte) iter.Seq[Shingle] {
	return func(yield func(Shingle) bool) {
		toks := s.AppendTokens(nil, text)
		k := min(s.k(), len(toks))
		if k == 0 {
			return
		}
		for i := 0; i+k <= len(toks); i++ {
			sh := Shingle{Hash: combine(toks[i:i+k], s.Seed), Index: i, Start: toks[i].Start, End: toks[i+k-1].End}
			if !yield(sh) {
				return
			}
		}
	}
}

// HashTokens returns the hash of the shingle made of toks, as AppendHashes
// computes it.
func (s Shingler) HashTokens(toks []Token) uint64 { return combine(toks, s.Seed) }

const (
	prime1 = 0x9E3779B97F4A7C15
	prime2 = 0xC2B2AE3D27D4EB4F
)

// combine mixes the token hashes in order into one well-distributed hash.
func combine(toks []Token, seed uint32) uint64 {
	h := uint64(seed)*prime2 + uint64(len(toks))
	for i := range toks {
		h ^= toks[i].Hash
		h = bits.RotateLeft64(h*prime1, 27) * prime2
	}
	return fmix64(h)
}

// fmix64 is murmur3's 64-bit finalizer.
func fmix64(h uint64) uint64 {
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	h *= 0xc4ceb9fe1a85ec53
	h ^= h >> 33
	return h
}

// Word folds a token hash into a 16-bit word code. Keeping a document as
// word codes costs 2 bytes a word instead of 8. Two different words share
// a code with probability 2^-16, which matters only where one replaces the
// other in an otherwise identical context: a shingle of k codes still has
// 16k bits, and a substitution goes unnoticed once in 65,536.
func Word(h uint64) uint16 {
	h ^= h >> 32
	return uint16(h ^ h>>16)
}

// AppendWordHashes is AppendHashes for words given as word codes (see
// Word): it appends the hash of every k-word shingle of words (one hash
// for fewer than K words, none for none). The hashes differ from those
// AppendHashes gives for the same tokens. It allocates only to grow dst.
func (s Shingler) AppendWordHashes(dst []uint64, words []uint16) []uint64 {
	k := s.k()
	if len(words) == 0 {
		return dst
	}
	if len(words) < k {
		return append(dst, combineWords(words, s.Seed))
	}
	for i := 0; i+k <= len(words); i++ {
		dst = append(dst, combineWords(words[i:i+k], s.Seed))
	}
	return dst
}

// combineWords is combine for word codes.
func combineWords(words []uint16, seed uint32) uint64 {
	h := uint64(seed)*prime2 + uint64(len(words))
	for _, w := range words {
		h ^= uint64(w)
		h = bits.RotateLeft64(h*prime1, 27) * prime2
	}
	return fmix64(h)
}
