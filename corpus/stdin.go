package corpus

import (
	"bufio"
	"errors"
	"io"
	"os"
)

// stdinName is the path, and a text document's ID, of standard input.
const stdinName = "-"

// stdin reads Options.Stdin, named by the path "-": decompressed if its
// magic bytes show gzip or Zstandard, then JSON lines if its first byte
// other than white space is "{", one text document (ID "-") otherwise. It
// reports whether it set r.doc.
func (r *Reader) stdin() bool {
	in := r.opts.Stdin
	if in == nil {
		in = os.Stdin
	}
	br := bufio.NewReaderSize(in, 64<<10)
	magic, _ := br.Peek(4)
	c := sniff(magic)
	src := br
	if c != uncompressed {
		z, err := r.unz.open(br, c)
		if err != nil {
			r.warn(stdinName, err)
			return false
		}
		src = bufio.NewReaderSize(z, 64<<10)
	}
	if startsJSON(src) {
		if !r.jl.reset(src, stdinName, uncompressed, r.opts.Warn, &r.opts) {
			return false
		}
		if r.opts.Decoders > 0 {
			r.jl.decode(r.opts.Decoders)
		}
		r.file = io.NopCloser(nil)
		return false
	}
	content, err := readAll(src, -1, r.opts.maxFileSize())
	if err != nil && c != uncompressed && !errors.Is(err, ErrTooLarge) {
		err = streamError(c, err, false)
	}
	if err == nil {
		err = check(content, kindText)
	}
	if err != nil {
		r.warn(stdinName, err)
		if !errors.Is(err, ErrInvalidUTF8Replaced) {
			return false
		}
	}
	return r.keep(&Doc{ID: stdinName, Path: stdinName, Content: content, Format: Text})
}

// startsJSON reports whether the first byte of br other than white space,
// within its buffer, is "{".
func startsJSON(br *bufio.Reader) bool {
	for n := 1; n <= br.Size(); n++ {
		p, err := br.Peek(n)
		if len(p) < n {
			return false
		}
		switch p[n-1] {
		case ' ', '\t', '\r', '\n':
			if err != nil {
				return false
			}
			continue
		case '{':
			return true
		}
		return false
	}
	return false
}
