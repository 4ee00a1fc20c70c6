package gunzip

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math/rand/v2"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// compressGzip returns data gzipped at level, with the header fields of
// h.
func compressGzip(t testing.TB, data []byte, level int, h gzip.Header) []byte {
	var b bytes.Buffer
	w, err := gzip.NewWriterLevel(&b, level)
	require.NoError(t, err)
	w.Header = h
	_, err = w.Write(data)
	require.NoError(t, err)
	require.NoError(t, w.Close())
	return b.Bytes()
}

// oracle decompresses stream with compress/gzip.
func oracle(stream []byte) ([]byte, error) {
	z, err := gzip.NewReader(bytes.NewReader(stream))
	if err != nil {
		return nil, err
	}
	return io.ReadAll(z)
}

// shared is the Reader ours uses, for its buffers (tests do not run in
// parallel).
var shared Reader

// ours decompresses stream with a Reader reading through wrap.
func ours(stream []byte, wrap func(io.Reader) io.Reader) ([]byte, error) {
	if err := shared.Reset(wrap(bytes.NewReader(stream))); err != nil {
		return nil, err
	}
	return io.ReadAll(&shared)
}

// errClass names the kind of a decompression error, to compare ours with
// compress/gzip's.
func errClass(err error) string {
	var corrupt flate.CorruptInputError
	switch {
	case err == nil:
		return "ok"
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "truncated"
	case errors.Is(err, gzip.ErrHeader):
		return "header"
	case errors.Is(err, gzip.ErrChecksum):
		return "checksum"
	case errors.As(err, &corrupt):
		return "corrupt"
	case err == io.EOF:
		return "empty"
	}
	return "other: " + err.Error()
}

// agree checks that the Reader decompresses stream as compress/gzip
// does: the same bytes, or the same kind of error after a prefix of the
// bytes compress/gzip returns before it (or the other way round: each
// returns the bytes it decoded before the error, in blocks of its own).
func agree(t *testing.T, stream []byte, wrap func(io.Reader) io.Reader) {
	t.Helper()
	want, werr := oracle(stream)
	got, gerr := ours(stream, wrap)
	require.Equal(t, errClass(werr), errClass(gerr), "error: compress/gzip %v, ours %v", werr, gerr)
	if werr == nil {
		require.True(t, bytes.Equal(want, got), "output differs: %d bytes, want %d", len(got), len(want))
		return
	}
	n := min(len(got), len(want))
	require.True(t, bytes.Equal(got[:n], want[:n]), "output before the error differs")
}

// texts are payloads that exercise every kind of block and match.
func texts() map[string][]byte {
	r := rand.New(rand.NewPCG(1, 2))
	random := make([]byte, 200_000)
	for i := range random {
		random[i] = byte(r.Uint32())
	}
	var news strings.Builder
	words := strings.Fields("the summit leaders said on Tuesday that talks would resume after a week of meetings in Geneva officials added")
	for i := range 300_000 {
		news.WriteString(words[r.IntN(len(words))])
		if i%17 == 16 {
			news.WriteString(".\n")
		} else {
			news.WriteByte(' ')
		}
	}
	var short strings.Builder // short distances, 2 to 7, with overlap
	for i := range 5000 {
		short.WriteString(strings.Repeat("abcdefg"[:2+i%6], 1+i%50))
	}
	return map[string][]byte{
		"empty":    {},
		"one byte": {'x'},
		"run":      bytes.Repeat([]byte{'a'}, 1<<20+12345), // distance 1, past a slide of the window
		"short":    []byte(short.String()),
		"random":   random,
		"news":     []byte(news.String()), // about 2 MB: slides the window
		"binary":   append(bytes.Repeat([]byte{0, 255, 1, 254}, 5000), random[:5000]...),
	}
}

var levels = []int{gzip.HuffmanOnly, gzip.NoCompression, gzip.BestSpeed, 5, gzip.BestCompression}

func TestMatchesCompressGzip(t *testing.T) {
	for name, data := range texts() {
		for _, level := range levels {
			stream := compressGzip(t, data, level, gzip.Header{})
			for rname, wrap := range map[string]func(io.Reader) io.Reader{
				"whole":    func(r io.Reader) io.Reader { return r },
				"one byte": iotest.OneByteReader,
				"half":     iotest.HalfReader,
				"data+err": iotest.DataErrReader,
			} {
				if rname == "one byte" && len(stream) > 100_000 {
					continue // slow, and "half" covers short reads
				}
				t.Run(fmt.Sprintf("%s/level %d/%s", name, level, rname), func(t *testing.T) {
					got, err := ours(stream, wrap)
					require.NoError(t, err)
					require.True(t, bytes.Equal(data, got), "output differs: %d bytes, want %d", len(got), len(data))
				})
			}
		}
	}
}

func TestHeaderFields(t *testing.T) {
	data := []byte("a story\n")
	full := compressGzip(t, data, 6, gzip.Header{Name: "story.txt", Comment: "wire copy", Extra: []byte("xy\x00z")})
	got, err := ours(full, iotest.OneByteReader)
	require.NoError(t, err)
	assert.Equal(t, data, got, "FEXTRA, FNAME, FCOMMENT skipped")

	// FHCRC, which compress/gzip reads but does not write.
	plain := compressGzip(t, data, 6, gzip.Header{})
	withCRC := append([]byte{}, plain[:10]...)
	withCRC[3] |= 0x02
	withCRC = binary.LittleEndian.AppendUint16(withCRC, uint16(crc32.ChecksumIEEE(withCRC)))
	withCRC = append(withCRC, plain[10:]...)
	agree(t, withCRC, iotest.HalfReader)
	got, err = ours(withCRC, iotest.HalfReader)
	require.NoError(t, err)
	assert.Equal(t, data, got)
	withCRC[10] ^= 1
	_, err = ours(withCRC, iotest.HalfReader)
	assert.ErrorIs(t, err, gzip.ErrHeader, "wrong header CRC")

	long := compressGzip(t, data, 6, gzip.Header{Name: strings.Repeat("n", 600)})
	agree(t, long, iotest.HalfReader) // compress/gzip refuses names of 512 bytes or more
}

func TestMembers(t *testing.T) {
	a := compressGzip(t, []byte("first member\n"), 6, gzip.Header{})
	b := compressGzip(t, bytes.Repeat([]byte("second member\n"), 5000), 1, gzip.Header{})
	empty := compressGzip(t, nil, 6, gzip.Header{})
	for name, stream := range map[string][]byte{
		"two":            append(append([]byte{}, a...), b...),
		"empty between":  append(append(append([]byte{}, a...), empty...), b...),
		"garbage after":  append(append([]byte{}, a...), "garbage"...),
		"zeros after":    append(append([]byte{}, a...), make([]byte, 20)...),
		"half a header":  append(append([]byte{}, a...), b[:5]...),
		"no stream":      nil,
		"not gzip":       []byte("plain text, not gzip"),
		"other method":   append([]byte{0x1f, 0x8b, 7}, a[3:]...),
		"bad checksum":   append(append([]byte{}, a[:len(a)-8]...), 1, 2, 3, 4, 5, 6, 7, 8),
		"bad size":       append(append([]byte{}, a[:len(a)-4]...), 0, 0, 0, 0),
		"short trailer":  a[:len(a)-3],
		"second trunc'd": append(append([]byte{}, a...), b[:len(b)/2]...),
	} {
		t.Run(name, func(t *testing.T) { agree(t, stream, iotest.HalfReader) })
	}
}

// TestTruncated cuts streams at every byte (every 97th for the large
// one): compress/gzip and the Reader must both say the stream ends early,
// and never return a byte decoded from beyond the cut.
func TestTruncated(t *testing.T) {
	ts := texts()
	for _, c := range []struct {
		name  string
		data  []byte
		level int
		step  int
	}{
		{"news, fixed and dynamic", ts["news"][:3000], 9, 1},
		{"stored", ts["random"][:3000], 0, 1},
		{"short distances", ts["short"][:5000], 6, 1},
		{"huffman only", ts["news"][:2000], gzip.HuffmanOnly, 1},
		{"large", ts["news"], 6, 49999},
	} {
		stream := compressGzip(t, c.data, c.level, gzip.Header{})
		for cut := 0; cut < len(stream); cut += c.step {
			t.Run(fmt.Sprintf("%s/%d", c.name, cut), func(t *testing.T) {
				agree(t, stream[:cut], func(r io.Reader) io.Reader { return r })
			})
		}
	}
}

// TestCorrupted flips bits of valid streams: the Reader must fail as
// compress/gzip does, or decode what it decodes.
func TestCorrupted(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	ts := texts()
	for _, c := range []struct {
		name  string
		data  []byte
		level int
	}{
		{"news", ts["news"][:20000], 9},
		{"fast", ts["news"][:20000], 1},
		{"short", ts["short"][:20000], 6},
		{"stored", ts["random"][:3000], 0},
	} {
		stream := compressGzip(t, c.data, c.level, gzip.Header{})
		for i := range 300 {
			bad := append([]byte{}, stream...)
			for range 1 + i%3 {
				bad[10+r.IntN(len(bad)-18)] ^= 1 << r.IntN(8) // not the header or trailer
			}
			t.Run(fmt.Sprintf("%s/%d", c.name, i), func(t *testing.T) { agree(t, bad, iotest.HalfReader) })
		}
	}
}

// TestReset reads streams one after another with one Reader.
func TestReset(t *testing.T) {
	z := new(Reader)
	for name, data := range texts() {
		stream := compressGzip(t, data, 6, gzip.Header{})
		require.NoError(t, z.Reset(bytes.NewReader(stream)), name)
		got, err := io.ReadAll(z)
		require.NoError(t, err, name)
		require.True(t, bytes.Equal(data, got), name)
	}
	assert.Equal(t, io.EOF, z.Reset(bytes.NewReader(nil)), "an empty stream")
}

// TestReadError passes on the source's error.
func TestReadError(t *testing.T) {
	boom := errors.New("disk on fire")
	stream := compressGzip(t, texts()["news"], 6, gzip.Header{})
	z, err := NewReader(io.MultiReader(bytes.NewReader(stream[:len(stream)/2]), iotest.ErrReader(boom)))
	require.NoError(t, err)
	_, err = io.ReadAll(z)
	assert.ErrorIs(t, err, boom)
}

func FuzzReader(f *testing.F) {
	for _, data := range [][]byte{nil, []byte("x"), []byte(strings.Repeat("news wire copy ", 40))} {
		for _, level := range levels {
			f.Add(compressGzip(f, data, level, gzip.Header{}))
		}
	}
	f.Add(compressGzip(f, []byte("named"), 6, gzip.Header{Name: "a", Comment: "b", Extra: []byte{1}}))
	f.Add([]byte("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"))
	f.Fuzz(func(t *testing.T, stream []byte) {
		agree(t, stream, iotest.HalfReader)
	})
}
