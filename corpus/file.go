package corpus

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"
)

// A kind is how a file is read, decided by its name.
type kind int

const (
	kindSkip  kind = iota // not a corpus file (in a folder walk)
	kindText              // one text document
	kindHTML              // one HTML document
	kindJSONL             // JSON lines
)

// fileKind returns how to read the file name and how it is compressed by
// name. Files named explicitly (explicit) are read as text when their
// extension is unknown.
func fileKind(name string, explicit bool) (k kind, c compression) {
	name, c = cutCompression(strings.ToLower(filepath.Base(name)))
	switch filepath.Ext(name) {
	case ".txt", ".md":
		return kindText, c
	case ".html", ".htm":
		return kindHTML, c
	case ".jsonl":
		return kindJSONL, c
	}
	if explicit {
		return kindText, c
	}
	return kindSkip, c
}

// readFile returns the content of the text or HTML file path,
// decompressed as c says or, if c is uncompressed, as its magic bytes
// show, and checks it. With an error, the content is nil unless the error
// is an ErrInvalidUTF8Replaced warning about it.
func (r *Reader) readFile(path string, k kind, c compression) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	limit := r.opts.maxFileSize()
	hint := int64(-1)
	if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
		hint = fi.Size()
	}
	var content []byte
	if c != uncompressed {
		content, err = r.decompress(f, c, limit)
	} else {
		if hint > limit {
			return nil, fmt.Errorf("%w (%d bytes, more than %d)", ErrTooLarge, hint, limit)
		}
		content, err = readAll(f, hint, limit)
		if sc := sniff(content); err == nil && sc != uncompressed {
			content, err = r.decompress(bytes.NewReader(content), sc, limit)
		}
	}
	if err != nil {
		return nil, err
	}
	if err := check(content, k); err != nil && !errors.Is(err, ErrInvalidUTF8Replaced) {
		return nil, err
	} else if err != nil {
		return content, err
	}
	return content, nil
}

// decompress returns the content of in decompressed as c.
func (r *Reader) decompress(in io.Reader, c compression, limit int64) ([]byte, error) {
	if r.in == nil {
		r.in = bufio.NewReaderSize(in, 64<<10)
	} else {
		r.in.Reset(in)
	}
	z, err := r.unz.open(r.in, c)
	if err != nil {
		return nil, err
	}
	content, err := readAll(z, -1, limit)
	if err != nil && !errors.Is(err, ErrTooLarge) {
		return nil, streamError(c, err, false)
	}
	return content, err
}

// readAll reads in to its end, like io.ReadAll, in one allocation when the
// size hint (-1 if unknown) is right. It fails with ErrTooLarge past limit.
func readAll(in io.Reader, hint, limit int64) ([]byte, error) {
	size := int64(32 << 10)
	if hint >= 0 {
		size = hint + 1 // +1 to see EOF without growing
	}
	buf := make([]byte, 0, min(size, limit+1))
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := in.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if int64(len(buf)) > limit {
			return nil, fmt.Errorf("%w (more than %d bytes)", ErrTooLarge, limit)
		}
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

// maxInvalid is the share of a text file's bytes that may be invalid UTF-8:
// more than 30% (ErrNotUTF8) is not a mis-encoded text but another
// encoding or no text. Latin-1 or Windows-1252 news text has 1 to 5% (its
// accented letters); UTF-16 of a Latin script has NUL bytes (ErrBinary);
// UTF-16 of other scripts, and random bytes, have far more than 30%.
const maxInvalid = 0.3

// check reports content that is not a text or HTML document of kind k: NUL
// bytes (ErrBinary), and for text, more than maxInvalid invalid UTF-8
// (ErrNotUTF8). For a text with less, it returns an ErrInvalidUTF8Replaced
// warning.
func check(content []byte, k kind) error {
	if i := bytes.IndexByte(content, 0); i >= 0 {
		return fmt.Errorf("%w (NUL byte at offset %d)", ErrBinary, i)
	}
	if k != kindText || utf8.Valid(content) {
		return nil
	}
	first, n := invalidUTF8(content, true)
	if float64(n) > maxInvalid*float64(len(content)) {
		return fmt.Errorf("%w (%d of %d bytes invalid, the first at offset %d)", ErrNotUTF8, n, len(content), first)
	}
	more := ""
	if n > 1 {
		more = fmt.Sprintf(" (and %d more)", n-1)
	}
	return fmt.Errorf("%w at byte %d%s; read as U+FFFD", ErrInvalidUTF8Replaced, first, more)
}

// invalidUTF8 returns the offset of the first byte of p that is not valid
// UTF-8 (len(p) when none is) and how many such bytes there are, the first
// only when all is false: each byte that utf8.DecodeRune reads as a
// RuneError of size 1, as package shingle does.
func invalidUTF8(p []byte, all bool) (first, n int) {
	first = len(p)
	for i := 0; i < len(p); {
		if p[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(p[i:])
		if r == utf8.RuneError && size == 1 {
			if n == 0 {
				first = i
			}
			if n++; !all {
				break
			}
		}
		i += size
	}
	return first, n
}

// invalidAt returns the offset of the first byte of p that is not valid
// UTF-8, len(p) when none is.
func invalidAt(p []byte) int {
	first, _ := invalidUTF8(p, false)
	return first
}
