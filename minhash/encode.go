package minhash

// Encoding format, version 1.
//
// A signature is stored as a 20-byte header followed by its values. Every
// integer is little-endian, whatever the byte order of the host, so the
// encoding is portable.
//
//	offset  size  field
//	0       4     magic "MHsg" (0x4d 0x48 0x73 0x67)
//	4       1     version, 1
//	5       3     reserved, zero
//	8       4     size k, uint32, 1 ≤ k ≤ 2²⁴
//	12      8     seed, uint64
//	20      8·k   values, k × uint64, in bin order
//
// An encoding is exactly 20 + 8·k bytes: 532 for k = 64, 1044 for k = 128,
// 2068 for k = 256. Trailing bytes are an error: to store several encodings
// in one stream, read k at offset 8 to find where each one ends.
//
// Version 1 also fixes the hashing scheme (the mixer, the bin of a value and
// the densification probes), so decoders check that the values can come from
// it: either every value is 0xffffffffffffffff (the empty set), or every value
// is even and equal to the value of the bin it maps to. This catches most
// corruption of the values without a checksum.

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// ErrCorrupt is wrapped by the errors for data that is not a valid encoding
// and for signatures that no [Hasher] can produce.
var ErrCorrupt = errors.New("minhash: corrupt signature")

// ErrIncompatible is wrapped by the errors for signatures whose size or seed
// differs from the [Hasher]'s: comparing them would be meaningless.
var ErrIncompatible = errors.New("minhash: incompatible signature")

const (
	magic      = "MHsg"
	version    = 1
	headerSize = 20
)

// A Sketch is a [Signature] together with the seed it was made with: the
// unit of the binary encoding. Its size is len(Sig). New(len(s.Sig), s.Seed)
// returns a Hasher that makes comparable signatures.
//
// The zero Sketch has no values and does not encode.
type Sketch struct {
	Seed uint64
	Sig  Signature
}

// AppendBinary appends the encoding of s to b and returns the extended
// slice; it implements encoding.BinaryAppender. It returns b unchanged and an
// error wrapping [ErrCorrupt] if s.Sig is empty, longer than 2²⁴ values or
// not a signature of this package's scheme. It costs O(k).
func (s Sketch) AppendBinary(b []byte) ([]byte, error) {
	if len(s.Sig) == 0 || len(s.Sig) > maxSize {
		return b, fmt.Errorf("%w: size %d out of range", ErrCorrupt, len(s.Sig))
	}
	if !valid(s.Sig) {
		return b, fmt.Errorf("%w: values not made by a Hasher", ErrCorrupt)
	}
	b = append(b, magic...)
	b = append(b, version, 0, 0, 0)
	b = binary.LittleEndian.AppendUint32(b, uint32(len(s.Sig)))
	b = binary.LittleEndian.AppendUint64(b, s.Seed)
	for _, v := range s.Sig {
		b = binary.LittleEndian.AppendUint64(b, v)
	}
	return b, nil
}

// MarshalBinary returns the encoding of s; it implements
// encoding.BinaryMarshaler.
func (s Sketch) MarshalBinary() ([]byte, error) {
	return s.AppendBinary(make([]byte, 0, headerSize+8*len(s.Sig)))
}

// UnmarshalBinary decodes data, which must be exactly one encoding, into s;
// it implements encoding.BinaryUnmarshaler. On success s.Sig is a new slice
// that does not alias data or the previous s.Sig. On error s is unchanged
// and the error wraps [ErrCorrupt]. It costs O(k).
func (s *Sketch) UnmarshalBinary(data []byte) error {
	seed, k, err := parseHeader(data)
	if err != nil {
		return err
	}
	if len(data) != headerSize+8*k {
		return fmt.Errorf("%w: %d bytes, want %d for size %d", ErrCorrupt, len(data), headerSize+8*k, k)
	}
	sig := make(Signature, k)
	for i := range sig {
		sig[i] = binary.LittleEndian.Uint64(data[headerSize+8*i:])
	}
	if !valid(sig) {
		return fmt.Errorf("%w: values not made by a Hasher", ErrCorrupt)
	}
	s.Seed, s.Sig = seed, sig
	return nil
}

// parseHeader checks the header of data and returns its seed and size.
func parseHeader(data []byte) (seed uint64, k int, err error) {
	switch {
	case len(data) < headerSize:
		return 0, 0, fmt.Errorf("%w: %d bytes, shorter than the header", ErrCorrupt, len(data))
	case string(data[:4]) != magic:
		return 0, 0, fmt.Errorf("%w: bad magic %q", ErrCorrupt, data[:4])
	case data[4] != version:
		return 0, 0, fmt.Errorf("%w: unknown version %d", ErrCorrupt, data[4])
	case data[5] != 0 || data[6] != 0 || data[7] != 0:
		return 0, 0, fmt.Errorf("%w: reserved bytes not zero", ErrCorrupt)
	}
	n := binary.LittleEndian.Uint32(data[8:])
	if n == 0 || n > maxSize {
		return 0, 0, fmt.Errorf("%w: size %d out of range", ErrCorrupt, n)
	}
	return binary.LittleEndian.Uint64(data[12:]), int(n), nil
}

// AppendBinary appends the encoding of sig, recording h's seed, to dst and
// returns the extended slice. It returns dst unchanged and an error wrapping
// [ErrIncompatible] if len(sig) != h.Size(), or [ErrCorrupt] if sig is not a
// signature of this package's scheme. It costs O(k).
func (h *Hasher) AppendBinary(dst []byte, sig Signature) ([]byte, error) {
	if len(sig) != h.Size() {
		return dst, fmt.Errorf("%w: size %d, want %d", ErrIncompatible, len(sig), h.Size())
	}
	return Sketch{Seed: h.seed, Sig: sig}.AppendBinary(dst)
}

// Decode decodes one encoding made with a Hasher of h's size and seed and
// returns its signature in a new slice. It returns an error wrapping
// [ErrCorrupt] for invalid data, or [ErrIncompatible] for a valid encoding of
// a different size or seed. It costs O(k).
func (h *Hasher) Decode(data []byte) (Signature, error) {
	var s Sketch
	if err := s.UnmarshalBinary(data); err != nil {
		return nil, err
	}
	if len(s.Sig) != h.Size() || s.Seed != h.seed {
		return nil, fmt.Errorf("%w: size %d seed %#x, want size %d seed %#x",
			ErrIncompatible, len(s.Sig), s.Seed, h.Size(), h.seed)
	}
	return s.Sig, nil
}
