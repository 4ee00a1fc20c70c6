// Package gunzip reads gzip streams (RFC 1952, of one or more members)
// faster than compress/gzip and klauspost/compress/gzip: on news JSON
// lines (Reuters-21578, 21 MB) it inflates 2.2 and 1.8 times as fast
// (BenchmarkInflate).
//
// The speed comes from libdeflate's design, not from unsafe code: the
// stream is read 64 bits at a time (one refill before each symbol, whose
// code, extra bits, distance code and distance bits fit in what it
// loads); a table lookup turns the next bits into a literal, or a length
// or distance with its extra bits, at once (huffman.go); and the output is
// decoded straight into one large buffer that also holds the window, so
// that matches are copied eight bytes at a time and nothing is copied
// twice. The input is read in large blocks and padded with zeros at its
// end, so that the 8-byte loads never run out; a stream that ends early is
// told by counting the bits it used, and no byte decoded from the padding
// is returned.
//
// Errors are those of compress/gzip: gzip.ErrHeader, gzip.ErrChecksum,
// flate.CorruptInputError, io.ErrUnexpectedEOF for a stream that ends
// early, or the underlying reader's error. The package's tests hold it to
// compress/gzip on valid, corrupt and truncated streams.
package gunzip

import (
	"compress/flate"
	"compress/gzip"
	"encoding/binary"
	"hash/crc32"
	"io"
)

const (
	windowSize = 32 << 10  // deflate's farthest distance
	maxMatch   = 258       // deflate's longest match
	outChunk   = 256 << 10 // bytes decoded between slides of the window (1 MiB: the same speed)
	inSize     = 64 << 10  // bytes of input read at a time (the same speed as 256 KiB)
	inPad      = 16        // zero bytes after the input's end, for 8-byte loads
	slack      = 8         // a match's 8-byte copies write up to 7 bytes past it
)

// Decoding states.
const (
	stBlock   = iota // at a block header
	stHuffman        // in a Huffman-coded block
	stStored         // in a stored block
	stTrailer        // after a member's last block
	stHeader         // after a member's trailer
)

// A Reader decompresses a gzip stream. The zero Reader is not ready: use
// NewReader or Reset. A Reader holds about 0.4 MB of buffers and tables,
// kept from one Reset to the next.
type Reader struct {
	src    io.Reader
	srcErr error // the source's error, other than io.EOF
	eof    bool  // the source has no more bytes

	in     []byte // in[ipos:iend] is read and not consumed, in[iend:] zeros at EOF
	ipos   int
	iend   int
	offset int64 // bytes of the stream before in[0]

	bits  uint64 // the stream's next bits, from the lowest; those above nbits are 0 or the stream's next
	nbits uint

	out    []byte // window and output: out[rpos:wpos] is decoded, not read yet
	rpos   int
	wpos   int
	mstart int // where the member's output starts in out, or 0
	crcPos int // out[crcPos:wpos] is not yet in crc and size

	state  int
	final  bool // the block is the member's last
	stored int  // bytes left of a stored block
	lit    *[litTableSize]uint32
	dist   *[distTableSize]uint32
	crc    uint32
	size   uint32
	err    error

	dynLit  *[litTableSize]uint32
	dynDist *[distTableSize]uint32
	lens    [286 + 30]uint8
}

// NewReader returns a Reader of r, having read the first member's header:
// the error is io.EOF for an empty stream, gzip.ErrHeader for one that is
// not gzip.
func NewReader(r io.Reader) (*Reader, error) {
	z := new(Reader)
	return z, z.Reset(r)
}

// Reset makes z a reader of r, as NewReader does, keeping its buffers.
func (z *Reader) Reset(r io.Reader) error {
	if z.in == nil {
		z.in = make([]byte, inSize+inPad)
		z.out = make([]byte, windowSize+outChunk+maxMatch+slack)
		z.dynLit = new([litTableSize]uint32)
		z.dynDist = new([distTableSize]uint32)
	}
	*z = Reader{src: r, in: z.in, out: z.out, dynLit: z.dynLit, dynDist: z.dynDist}
	z.err = z.header()
	return z.err
}

// Read reads decompressed bytes into p. It returns io.EOF after the last
// member's trailer; bytes decoded before an error are returned before it.
func (z *Reader) Read(p []byte) (int, error) {
	for z.rpos == z.wpos {
		if z.err != nil {
			return 0, z.err
		}
		z.decode()
	}
	n := copy(p, z.out[z.rpos:z.wpos])
	z.rpos += n
	return n, nil
}

// limit is where decoding stops so that a match still fits in out.
func (z *Reader) limit() int { return len(z.out) - maxMatch - slack }

// decode decodes until out is full, the stream ends or an error, which
// it leaves in z.err. All of out has been read.
func (z *Reader) decode() {
	if z.wpos >= z.limit() { // keep the window, drop the rest
		keep := min(windowSize, z.wpos)
		shift := z.wpos - keep
		copy(z.out, z.out[shift:z.wpos])
		z.wpos, z.rpos, z.crcPos = keep, keep, keep
		z.mstart = max(0, z.mstart-shift)
	}
	for z.err == nil && z.wpos < z.limit() {
		switch z.state {
		case stBlock:
			z.err = z.blockHeader()
		case stHuffman:
			z.err = z.huffman()
		case stStored:
			z.err = z.copyStored()
		case stTrailer:
			z.sum()
			z.err = z.trailer()
		case stHeader:
			z.err = z.header()
		}
	}
	z.sum()
}

// sum adds the bytes decoded since it last ran to the member's checksum
// and size.
func (z *Reader) sum() {
	z.crc = crc32.Update(z.crc, crc32.IEEETable, z.out[z.crcPos:z.wpos])
	z.size += uint32(z.wpos - z.crcPos)
	z.crcPos = z.wpos
}

// fill reads more input, keeping the 8 bytes before ipos, which the bit
// buffer may hold. At the end of the source it zeroes the padding.
func (z *Reader) fill() {
	keep := max(z.ipos-8, 0)
	z.iend = copy(z.in, z.in[keep:z.iend])
	z.ipos -= keep
	z.offset += int64(keep)
	for empty := 0; z.iend-z.ipos < 2*inPad && !z.eof; {
		n, err := z.src.Read(z.in[z.iend : len(z.in)-inPad])
		z.iend += n
		if n == 0 && err == nil {
			if empty++; empty == 100 { // as bufio gives up
				err = io.ErrNoProgress
			}
		}
		if err != nil {
			z.eof = true
			if err != io.EOF {
				z.srcErr = err
			}
		}
	}
	if z.eof {
		clear(z.in[z.iend:])
	}
}

// overread reports whether the stream's bits consumed run past its end.
func (z *Reader) overread() bool {
	return z.eof && z.ipos*8-int(z.nbits) > z.iend*8
}

// truncated is the error of a stream that ends early.
func (z *Reader) truncated() error {
	if z.srcErr != nil {
		return z.srcErr
	}
	return io.ErrUnexpectedEOF
}

// corrupt is the error of invalid data, unless the stream ended early
// and the data is the padding.
func (z *Reader) corrupt() error {
	if z.overread() {
		return z.truncated()
	}
	return flate.CorruptInputError(z.offset + int64(z.ipos))
}

// need makes sure the bit buffer holds n bits, reading byte by byte.
func (z *Reader) need(n uint) error {
	for z.nbits < n {
		if z.ipos >= z.iend {
			if z.eof {
				return z.truncated()
			}
			z.fill()
			continue
		}
		z.bits |= uint64(z.in[z.ipos]) << z.nbits
		z.ipos++
		z.nbits += 8
	}
	return nil
}

// take consumes n bits, which the buffer holds, and returns them.
func (z *Reader) take(n uint) int {
	v := int(z.bits & (1<<n - 1))
	z.bits >>= n
	z.nbits -= n
	return v
}

// align drops the bits to the next byte boundary and gives the whole
// bytes left in the bit buffer back to the input.
func (z *Reader) align() {
	z.ipos -= int(z.nbits / 8)
	z.bits, z.nbits = 0, 0
}

// bytes returns the next n bytes of input (n ≤ inPad) and consumes them,
// or io.ErrUnexpectedEOF (or io.EOF if atStart and there are none).
func (z *Reader) bytes(n int, atStart bool) ([]byte, error) {
	if z.iend-z.ipos < n && !z.eof {
		z.fill()
	}
	if avail := z.iend - z.ipos; avail < n {
		if avail <= 0 && atStart && z.srcErr == nil {
			return nil, io.EOF
		}
		return nil, z.truncated()
	}
	b := z.in[z.ipos : z.ipos+n]
	z.ipos += n
	return b, nil
}

// header reads a member's header (RFC 1952, 2.3), as compress/gzip does:
// io.EOF when the stream has no more bytes.
func (z *Reader) header() error {
	b, err := z.bytes(10, true)
	if err != nil {
		return err
	}
	if b[0] != 0x1f || b[1] != 0x8b || b[2] != 8 {
		return gzip.ErrHeader
	}
	flags := b[3]
	digest := crc32.ChecksumIEEE(b)
	if flags&0x04 != 0 { // FEXTRA
		b, err := z.bytes(2, false)
		if err != nil {
			return err
		}
		digest = crc32.Update(digest, crc32.IEEETable, b)
		for n := int(binary.LittleEndian.Uint16(b)); n > 0; {
			b, err := z.bytes(min(n, inPad), false)
			if err != nil {
				return err
			}
			digest = crc32.Update(digest, crc32.IEEETable, b)
			n -= len(b)
		}
	}
	for _, f := range []byte{0x08, 0x10} { // FNAME, FCOMMENT: Latin-1, ended by a NUL
		if flags&f == 0 {
			continue
		}
		for i := 0; ; i++ {
			if i >= 512 { // compress/gzip's limit
				return gzip.ErrHeader
			}
			b, err := z.bytes(1, false)
			if err != nil {
				return err
			}
			digest = crc32.Update(digest, crc32.IEEETable, b)
			if b[0] == 0 {
				break
			}
		}
	}
	if flags&0x02 != 0 { // FHCRC
		b, err := z.bytes(2, false)
		if err != nil {
			return err
		}
		if binary.LittleEndian.Uint16(b) != uint16(digest) {
			return gzip.ErrHeader
		}
	}
	z.state, z.final = stBlock, false
	z.crc, z.size, z.mstart = 0, 0, z.wpos
	return nil
}

// trailer checks a member's trailer: the CRC-32 and size of its data.
func (z *Reader) trailer() error {
	z.align()
	b, err := z.bytes(8, false)
	if err != nil {
		return err
	}
	if binary.LittleEndian.Uint32(b) != z.crc || binary.LittleEndian.Uint32(b[4:]) != z.size {
		return gzip.ErrChecksum
	}
	z.state = stHeader
	return nil
}

// endBlock moves on after a block.
func (z *Reader) endBlock() error {
	if z.overread() {
		return z.truncated()
	}
	z.state = stBlock
	if z.final {
		z.state = stTrailer
	}
	return nil
}

// blockHeader reads a block's header (RFC 1951, 3.2.3).
func (z *Reader) blockHeader() error {
	if err := z.need(3); err != nil {
		return err
	}
	h := z.take(3)
	z.final = h&1 != 0
	switch h >> 1 {
	case 0:
		z.align()
		if err := z.need(32); err != nil {
			return err
		}
		n, nn := z.take(16), z.take(16)
		if n != ^nn&0xffff {
			return z.corrupt()
		}
		z.stored, z.state = n, stStored
	case 1:
		z.lit, z.dist, z.state = fixedLit, fixedDist, stHuffman
	case 2:
		if err := z.dynamic(); err != nil {
			return err
		}
		z.lit, z.dist, z.state = z.dynLit, z.dynDist, stHuffman
	default:
		return z.corrupt()
	}
	return nil
}

// codeOrder is the order of the code length code's lengths.
var codeOrder = [19]uint8{16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15}

// dynamic reads the codes of a block with dynamic Huffman codes (RFC
// 1951, 3.2.7) into the dynamic tables.
func (z *Reader) dynamic() error {
	if err := z.need(14); err != nil {
		return err
	}
	nlit, ndist, nclen := z.take(5)+257, z.take(5)+1, z.take(4)+4
	if nlit > 286 || ndist > 30 {
		return z.corrupt()
	}
	var clen [19]uint8
	for _, sym := range codeOrder[:nclen] {
		if err := z.need(3); err != nil {
			return err
		}
		clen[sym] = uint8(z.take(3))
	}
	var ct [1 << 7]uint32
	if clen == [19]uint8{} || !buildTable(ct[:], 7, clen[:], codeLenEntry) {
		return z.corrupt() // no code at all fails before reading a bit, as in compress/flate
	}
	lens := z.lens[:nlit+ndist]
	for i := 0; i < len(lens); {
		// A code may be shorter than 7 bits: at the end of the stream, it
		// is enough to have its bits (those above nbits are 0 here).
		err := z.need(7)
		e := ct[z.bits&(1<<7-1)]
		switch {
		case err != nil && (z.nbits == 0 || uint(e&31) > z.nbits):
			return err
		case e&kindMask != kindLiteral:
			return z.corrupt()
		}
		z.take(uint(e & 31))
		sym := uint8(e >> 16)
		if sym < 16 {
			lens[i] = sym
			i++
			continue
		}
		rep, nb, v := 3, uint(2), uint8(0)
		switch sym {
		case 16:
			if i == 0 {
				return z.corrupt()
			}
			v = lens[i-1]
		case 17:
			nb = 3
		case 18:
			rep, nb = 11, 7
		}
		if err := z.need(nb); err != nil {
			return err
		}
		rep += z.take(nb)
		if i+rep > len(lens) {
			return z.corrupt()
		}
		for range rep {
			lens[i] = v
			i++
		}
	}
	if !buildTable(z.dynLit[:], litBits, lens[:nlit], litEntry) || !buildTable(z.dynDist[:], distBits, lens[nlit:], distEntry) {
		return z.corrupt()
	}
	return nil
}

// copyStored copies a stored block's bytes.
func (z *Reader) copyStored() error {
	for z.stored > 0 && z.wpos < z.limit() {
		if z.ipos >= z.iend {
			if z.eof {
				return z.truncated()
			}
			z.fill()
			continue
		}
		n := copy(z.out[z.wpos:z.limit()], z.in[z.ipos:min(z.iend, z.ipos+z.stored)])
		z.wpos += n
		z.ipos += n
		z.stored -= n
	}
	if z.stored > 0 {
		return nil
	}
	return z.endBlock()
}

// huffman decodes a Huffman-coded block until its end or until out is
// full. The loop keeps the decoder's state in local variables.
func (z *Reader) huffman() error {
	in, out := z.in, z.out
	lit, dist := z.lit, z.dist
	bits, nbits := z.bits, z.nbits
	ipos, wpos, mstart := z.ipos, z.wpos, z.mstart
	limit := z.limit()
	fastEnd := z.iend - inPad // below it, 8-byte loads need no checks
	if z.eof {
		fastEnd = -1
	}
	last := wpos
	for wpos < limit {
		if ipos > fastEnd {
			z.store(bits, nbits, ipos, wpos)
			if !z.eof {
				z.fill()
				in, ipos = z.in, z.ipos
				fastEnd = z.iend - inPad
				if z.eof {
					fastEnd = -1
				}
				continue
			}
			// At the end of the input, each symbol is checked: the
			// last one must not have used the padding.
			if z.overread() {
				z.wpos = last
				return z.truncated()
			}
		}
		last = wpos
		bits |= binary.LittleEndian.Uint64(in[ipos:]) << nbits
		ipos += int(63-nbits) >> 3
		nbits |= 56

		e := lit[bits&(1<<litBits-1)]
		if e&kindMask == kindSub {
			bits >>= litBits
			nbits -= litBits
			e = lit[uint(e>>16)+uint(bits&(1<<(maxCode-litBits)-1))]
		}
		n := uint(e & 31)
		bits >>= n
		nbits -= n
		switch e & kindMask {
		case kindLiteral:
			out[wpos] = byte(e >> 16)
			wpos++
			continue
		case kindLength:
		case kindEnd:
			z.store(bits, nbits, ipos, wpos)
			return z.endBlock()
		default:
			z.store(bits, nbits, ipos, wpos)
			return z.corrupt()
		}
		x := uint(e>>8) & 15
		length := int(e>>16) + int(bits&(1<<x-1))
		bits >>= x
		nbits -= x

		d := dist[bits&(1<<distBits-1)]
		if d&kindMask == kindSub {
			bits >>= distBits
			nbits -= distBits
			d = dist[uint(d>>16)+uint(bits&(1<<(maxCode-distBits)-1))]
		}
		n = uint(d & 31)
		bits >>= n
		nbits -= n
		x = uint(d>>8) & 15
		distance := int(d>>16) + int(bits&(1<<x-1))
		bits >>= x
		nbits -= x
		if d&kindMask != kindLength || distance > wpos-mstart {
			z.store(bits, nbits, ipos, wpos)
			return z.corrupt()
		}
		from := wpos - distance
		switch {
		case distance >= 8: // 8-byte copies never read what they write
			for i := 0; i < length; i += 8 {
				binary.LittleEndian.PutUint64(out[wpos+i:], binary.LittleEndian.Uint64(out[from+i:]))
			}
		case distance == 1:
			b := out[from]
			for i := range length {
				out[wpos+i] = b
			}
		default:
			for i := range length {
				out[wpos+i] = out[from+i]
			}
		}
		wpos += length
	}
	z.store(bits, nbits, ipos, wpos)
	if z.overread() { // the last symbol, decoded from the padding
		z.wpos = last
		return z.truncated()
	}
	return nil
}

// store saves the state huffman keeps in local variables.
func (z *Reader) store(bits uint64, nbits uint, ipos, wpos int) {
	z.bits, z.nbits = bits&(1<<nbits-1), nbits
	z.ipos, z.wpos = ipos, wpos
}
