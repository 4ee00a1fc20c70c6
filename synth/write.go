package synth

import (
	"bufio"
	"io"
	"time"
)

const hexDigits = "0123456789abcdef"

// jsonSafe marks bytes that need no escaping in a JSON string.
var jsonSafe = func() (t [256]bool) {
	for c := 0x20; c < 256; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// appendJSONString appends s as a JSON string. Text is valid UTF-8 and
// passes through unescaped except for quotes, backslashes and controls.
func appendJSONString(b, s []byte) []byte {
	b = append(b, '"')
	start := 0
	for i, c := range s {
		if jsonSafe[c] {
			continue
		}
		b = append(b, s[start:i]...)
		switch c {
		case '"', '\\':
			b = append(b, '\\', c)
		case '\n':
			b = append(b, '\\', 'n')
		case '\t':
			b = append(b, '\\', 't')
		case '\r':
			b = append(b, '\\', 'r')
		default:
			b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
		}
		start = i + 1
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// appendJSONLine appends {"id":...,"text":...,"time":...} and a newline.
func appendJSONLine(b []byte, d *docBuf) []byte {
	b = append(b, `{"id":"`...)
	b = appendID(b, d.id)
	b = append(b, `","text":`...)
	b = appendJSONString(b, d.text)
	b = append(b, `,"time":"`...)
	b = time.Unix(d.t, 0).UTC().AppendFormat(b, time.RFC3339)
	return append(b, "\"}\n"...)
}

// Write streams the corpus for opts to w as JSON lines, one document per
// line: {"id":"d0000001","text":"...","time":"2024-01-01T00:07:12Z"}.
// Documents and IDs are exactly those of Generate(opts). Memory use is
// bounded by one story's documents plus a 1 MiB write buffer, whatever the
// corpus size.
func Write(w io.Writer, opts Options) (Stats, error) {
	g := newGen(opts)
	bw := bufio.NewWriterSize(w, 1<<20)
	var st Stats
	var line []byte
	err := g.run(func(d *docBuf) (int, error) {
		line = appendJSONLine(line[:0], d)
		n, err := bw.Write(line)
		st.Docs++
		st.Bytes += int64(n)
		return n, err
	}, nil)
	if err != nil {
		return st, err
	}
	return st, bw.Flush()
}
