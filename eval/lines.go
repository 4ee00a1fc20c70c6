package eval

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

// maxLine is the longest line the readers accept (the longest PAN13 line is
// 522 KB).
const maxLine = 64 << 20

// forEachLine calls fn with every line of the file at path (1-based line
// numbers, line ends stripped). Gzip-compressed files are detected by their
// magic bytes, whatever their name. Errors returned by fn are passed through
// unchanged; I/O errors are prefixed and name the file.
func forEachLine(path string, fn func(line int, text []byte) error) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("eval: %w", err)
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 1<<16)
	var r io.Reader = br
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return fmt.Errorf("eval: %s: %w", path, err)
		}
		defer zr.Close()
		r = zr
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 1<<20), maxLine)
	n := 0
	for sc.Scan() {
		n++
		if err := fn(n, bytes.TrimSuffix(sc.Bytes(), []byte{'\r'})); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return fmt.Errorf("eval: %s line %d: line longer than %d bytes", path, n+1, maxLine)
		}
		return fmt.Errorf("eval: %s line %d: %w", path, n+1, err)
	}
	return nil
}

// tsvRecord gives access to the fields of one TSV line by column name.
type tsvRecord struct {
	cols   map[string]int
	fields []string
}

func (r tsvRecord) get(col string) string { return r.fields[r.cols[col]] }

// forEachTSV reads a tab-separated file with a header line. The header must
// contain every column in want; every data line must have as many fields as
// the header. Blank lines are skipped.
func forEachTSV(path string, want []string, fn func(line int, rec tsvRecord) error) error {
	var cols map[string]int
	var width int
	err := forEachLine(path, func(line int, text []byte) error {
		if cols == nil {
			header := strings.Split(string(text), "\t")
			width = len(header)
			cols = make(map[string]int, width)
			for i, h := range header {
				cols[strings.TrimSpace(h)] = i
			}
			for _, w := range want {
				if _, ok := cols[w]; !ok {
					return fmt.Errorf("eval: %s line %d: header lacks column %q", path, line, w)
				}
			}
			return nil
		}
		if len(bytes.TrimSpace(text)) == 0 {
			return nil
		}
		fields := strings.Split(string(text), "\t")
		if len(fields) != width {
			return fmt.Errorf("eval: %s line %d: %d fields, want %d", path, line, len(fields), width)
		}
		return fn(line, tsvRecord{cols: cols, fields: fields})
	})
	if err == nil && cols == nil {
		return fmt.Errorf("eval: %s: empty file, want a header line", path)
	}
	return err
}
