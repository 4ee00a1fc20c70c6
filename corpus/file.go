package corpus

import (
	"bufio"
	"bytes"
	"compress/gzip"
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

// fileKind returns how to read the file name and whether it is gzipped by
// name. Files named explicitly (explicit) are read as text when their
// extension is unknown.
func fileKind(name string, explicit bool) (k kind, gz bool) {
	name = strings.ToLower(filepath.Base(name))
	name, gz = strings.CutSuffix(name, ".gz")
	switch filepath.Ext(name) {
	case ".txt", ".md":
		return kindText, gz
	case ".html", ".htm":
		return kindHTML, gz
	case ".jsonl":
		return kindJSONL, gz
	}
	if explicit {
		return kindText, gz
	}
	return kindSkip, gz
}

func isGzip(p []byte) bool { return len(p) >= 2 && p[0] == 0x1f && p[1] == 0x8b }

// gzipError makes gzip errors clear: an early end of the stream is
// ErrTruncated, and an empty file has an invalid header.
func gzipError(err error, header bool) error {
	switch {
	case header && err == io.EOF:
		return fmt.Errorf("%w (empty file)", gzip.ErrHeader)
	case err == io.ErrUnexpectedEOF:
		return fmt.Errorf("%w: %w", ErrTruncated, err)
	}
	return err
}

// readFile returns the content of the text or HTML file path, gunzipped if
// gz is set or the content starts with the gzip magic bytes, and checks it.
func (r *Reader) readFile(path string, k kind, gz bool) ([]byte, error) {
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
	if gz {
		content, err = r.gunzip(f, limit)
	} else {
		if hint > limit {
			return nil, fmt.Errorf("%w (%d bytes, more than %d)", ErrTooLarge, hint, limit)
		}
		content, err = readAll(f, hint, limit)
		if err == nil && isGzip(content) {
			content, err = r.gunzip(bytes.NewReader(content), limit)
		}
	}
	if err != nil {
		return nil, err
	}
	return content, check(content, k)
}

// gunzip returns the decompressed content of in.
func (r *Reader) gunzip(in io.Reader, limit int64) ([]byte, error) {
	if r.in == nil {
		r.in = bufio.NewReaderSize(in, 64<<10)
	} else {
		r.in.Reset(in)
	}
	var err error
	if r.zr == nil {
		r.zr, err = gzip.NewReader(r.in)
	} else {
		err = r.zr.Reset(r.in)
	}
	if err != nil {
		return nil, gzipError(err, true)
	}
	content, err := readAll(r.zr, -1, limit)
	if err != nil {
		return nil, gzipError(err, false)
	}
	return content, nil
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

// check reports content that is not a text or HTML document of kind k: NUL
// bytes, and for text, invalid UTF-8.
func check(content []byte, k kind) error {
	if i := bytes.IndexByte(content, 0); i >= 0 {
		return fmt.Errorf("%w (NUL byte at offset %d)", ErrBinary, i)
	}
	if k == kindText && !utf8.Valid(content) {
		return fmt.Errorf("%w (invalid byte at offset %d)", ErrNotUTF8, invalidAt(content))
	}
	return nil
}

// invalidAt returns the offset of the first byte of p that is not valid
// UTF-8.
func invalidAt(p []byte) int {
	for i := 0; i < len(p); {
		if p[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(p[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return len(p)
}
