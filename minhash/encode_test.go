package minhash

import (
	"encoding"
	"encoding/binary"
	"errors"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var (
	_ encoding.BinaryAppender    = Sketch{}
	_ encoding.BinaryMarshaler   = Sketch{}
	_ encoding.BinaryUnmarshaler = (*Sketch)(nil)
)

func TestEncodeRoundTrip(t *testing.T) {
	for _, k := range []int{1, 3, 64, 128, 256} {
		for _, n := range []int{0, 1, 10, 1000} {
			h := New(k, uint64(k)<<32|uint64(n))
			sig := Signature(h.Sum(nil, randomHashes(n, 1)))

			data, err := h.AppendBinary([]byte("prefix"), sig)
			require.NoError(t, err)
			require.Equal(t, "prefix", string(data[:6]))
			data = data[6:]
			require.Len(t, data, 20+8*k)

			got, err := h.Decode(data)
			require.NoError(t, err)
			require.Equal(t, sig, got)

			var s Sketch
			require.NoError(t, s.UnmarshalBinary(data))
			assert.Equal(t, Sketch{Seed: h.Seed(), Sig: sig}, s)
			m, err := s.MarshalBinary()
			require.NoError(t, err)
			assert.Equal(t, data, m)
			assert.Equal(t, h.Sum(nil, randomHashes(n, 1)), New(len(s.Sig), s.Seed).Sum(nil, randomHashes(n, 1)))
		}
	}
}

// TestEncodeLayout pins the documented byte layout.
func TestEncodeLayout(t *testing.T) {
	h := New(2, 0x0102030405060708)
	sig := Signature(h.Sum(nil, []uint64{1}))
	data, err := h.AppendBinary(nil, sig)
	require.NoError(t, err)
	want := []byte{
		'M', 'H', 's', 'g', // magic
		1, 0, 0, 0, // version, reserved
		2, 0, 0, 0, // size
		8, 7, 6, 5, 4, 3, 2, 1, // seed
	}
	want = binary.LittleEndian.AppendUint64(want, sig[0])
	want = binary.LittleEndian.AppendUint64(want, sig[1])
	assert.Equal(t, want, data)
}

func TestDecodeErrors(t *testing.T) {
	h := New(4, 77)
	sig := Signature(h.Sum(nil, randomHashes(20, 3)))
	good, err := h.AppendBinary(nil, sig)
	require.NoError(t, err)

	edit := func(f func(b []byte) []byte) []byte { return f(slices.Clone(good)) }
	corrupt := map[string][]byte{
		"empty":          nil,
		"short header":   good[:19],
		"truncated":      good[:len(good)-1],
		"trailing byte":  append(slices.Clone(good), 0),
		"bad magic":      edit(func(b []byte) []byte { b[0] = 'm'; return b }),
		"version 2":      edit(func(b []byte) []byte { b[4] = 2; return b }),
		"reserved":       edit(func(b []byte) []byte { b[6] = 1; return b }),
		"size 0":         edit(func(b []byte) []byte { b[8] = 0; return b[:20] }),
		"size too big":   edit(func(b []byte) []byte { binary.LittleEndian.PutUint32(b[8:], maxSize+1); return b }),
		"size mismatch":  edit(func(b []byte) []byte { b[8] = 3; return b }),
		"odd value":      edit(func(b []byte) []byte { b[20] ^= 1; return b }),
		"value bin":      edit(func(b []byte) []byte { b[27] ^= 0x80; return b }),
		"empty mixed in": edit(func(b []byte) []byte { binary.LittleEndian.PutUint64(b[28:], empty); return b }),
	}
	for name, data := range corrupt {
		before := Sketch{Seed: 5, Sig: Signature{2, 4}}
		s := before
		err := s.UnmarshalBinary(data)
		require.ErrorIs(t, err, ErrCorrupt, name)
		require.Equal(t, before, s, "%s: receiver unchanged", name)
		_, err = h.Decode(data)
		require.ErrorIs(t, err, ErrCorrupt, name)
	}

	for name, other := range map[string]*Hasher{"seed": New(4, 78), "size": New(5, 77)} {
		data, err := other.AppendBinary(nil, other.Sum(nil, []uint64{1, 2}))
		require.NoError(t, err)
		_, err = h.Decode(data)
		require.ErrorIs(t, err, ErrIncompatible, name)
		require.NotErrorIs(t, err, ErrCorrupt, name)
	}
}

func TestAppendBinaryErrors(t *testing.T) {
	h := New(4, 1)
	dst := []byte("keep")
	out, err := h.AppendBinary(dst, New(5, 1).Sum(nil, []uint64{1}))
	require.ErrorIs(t, err, ErrIncompatible)
	assert.Equal(t, "keep", string(out))

	for name, sig := range map[string]Signature{
		"arbitrary values": {1, 2, 3, 4},
		"partly empty":     {empty, 0, 0, 0},
	} {
		out, err := h.AppendBinary(dst, sig)
		require.ErrorIs(t, err, ErrCorrupt, name)
		assert.Equal(t, "keep", string(out), name)
	}
	_, err = Sketch{}.MarshalBinary()
	require.ErrorIs(t, err, ErrCorrupt)
}

// FuzzUnmarshal feeds arbitrary bytes to the decoders: they never panic,
// fail only with the documented errors and leave the receiver unchanged on
// error, and whatever they accept re-encodes to the same bytes.
func FuzzUnmarshal(f *testing.F) {
	for _, k := range []int{1, 2, 8, 64} {
		for _, n := range []int{0, 1, 5, 100} {
			h := New(k, uint64(n))
			data, err := h.AppendBinary(nil, h.Sum(nil, randomHashes(n, 1)))
			require.NoError(f, err)
			f.Add(data)
		}
	}
	f.Add([]byte{})
	f.Add([]byte("MHsg\x01\x00\x00\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		before := Sketch{Seed: 3, Sig: Signature(New(2, 3).Sum(nil, []uint64{9}))}
		s := Sketch{Seed: before.Seed, Sig: slices.Clone(before.Sig)}
		err := s.UnmarshalBinary(data)
		if err != nil {
			require.ErrorIs(t, err, ErrCorrupt)
			require.Equal(t, before, s, "receiver changed on error")
		} else {
			require.True(t, valid(s.Sig))
			again, err := s.AppendBinary(nil)
			require.NoError(t, err)
			require.Equal(t, data, again)
		}

		h := New(8, 0)
		sig, err := h.Decode(data)
		switch {
		case err == nil:
			require.Len(t, sig, 8)
		case !errors.Is(err, ErrCorrupt) && !errors.Is(err, ErrIncompatible):
			t.Fatalf("undocumented error %v", err)
		}
	})
}
