package corpus

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"time"
	"unicode/utf8"
)

// MaxLineSize is the length of the longest JSON line read when
// Options.MaxLineSize is 0, and by [ReadJSONL]. Longer lines are skipped
// with [ErrLineTooLong].
const MaxLineSize = 64 << 20

// maxLine is MaxLineSize, lowered by tests.
var maxLine = MaxLineSize

// ReadJSONL reads a stream of JSON lines from r and calls fn with each
// document, in order. The stream is decompressed if it starts with the
// magic bytes of gzip or Zstandard. name is used as the documents' Path
// and in warnings, for example "-" or "<stdin>".
//
// Each problem, including a read or decompression error that ends the
// stream early, is passed to warn (if not nil) as an [*Error] naming name
// and the line; the line in question is skipped and reading goes on. A
// document whose ID repeats one earlier in the stream is skipped with
// [ErrDuplicateID]. Problems are reported as a [Reader] with zero
// [Options] reports those of one file: at most [DefaultMaxWarnings] about
// lines, then a count, and the stream is given up if its first
// [GiveUpLines] non-blank lines hold no document.
//
// ReadJSONL returns nil at the end of the stream, or the first error
// returned by fn, which stops it. It keeps at most one line in memory
// (MaxLineSize), plus the set of IDs seen.
func ReadJSONL(r io.Reader, name string, fn func(Doc) error, warn func(error)) error {
	if warn == nil {
		warn = func(error) {}
	}
	var (
		s   lines
		ids ids
	)
	s.reset(r, name, uncompressed, warn, &Options{})
	for {
		d, ok := s.next()
		if !ok {
			return nil
		}
		if err := ids.add(&d); err != nil {
			s.t.problem(err)
			continue
		}
		if err := fn(d); err != nil {
			return err
		}
	}
}

// lines reads documents from a stream of JSON lines. Its buffers are reused
// from one stream to the next.
type lines struct {
	raw  *bufio.Reader // the stream as given
	dec  *bufio.Reader // the stream decompressed
	unz  decompressor
	comp compression   // the stream's
	src  *bufio.Reader // raw or dec
	name string
	line int
	pos  int         // bytes read from src
	max  int         // the longest line read
	long []byte      // assembles lines longer than src's buffer
	warn func(error) // for problems with the stream, not one line
	t    tally       // problems with lines and documents
	done bool

	ahead *decoding // decoding ahead on goroutines, if started
}

// stop stops decoding ahead, if started, before the stream is closed.
func (s *lines) stop() {
	if s.ahead != nil {
		s.ahead.stop()
		s.ahead, s.done = nil, true
	}
}

// reset starts reading r, compressed as c says or, if c is uncompressed,
// as its magic bytes show, with the limits of o. It reports false, after a
// warning, if the compressed stream's header is bad.
func (s *lines) reset(r io.Reader, name string, c compression, warn func(error), o *Options) bool {
	s.name, s.line, s.pos, s.warn, s.done = name, 0, 0, warn, false
	s.max = o.maxLineSize()
	s.t.reset(name, warn, o.maxWarnings())
	if cap(s.long) > 1<<20 {
		s.long = nil // do not keep a rare huge buffer for every stream
	}
	if s.raw == nil {
		s.raw = bufio.NewReaderSize(r, 1<<20)
	} else {
		s.raw.Reset(r)
	}
	s.src = s.raw
	if c == uncompressed {
		magic, _ := s.raw.Peek(4)
		c = sniff(magic)
	}
	s.comp = c
	if c == uncompressed {
		return true
	}
	z, err := s.unz.open(s.raw, c)
	if err != nil {
		s.warn(&Error{Path: name, Err: err})
		s.done = true
		return false
	}
	if s.dec == nil {
		s.dec = bufio.NewReaderSize(z, 1<<20)
	} else {
		s.dec.Reset(z)
	}
	s.src = s.dec
	return true
}

// next returns the next document, or false at the end of the stream or
// when the stream is given up.
func (s *lines) next() (Doc, bool) {
	if s.ahead != nil {
		d, ok := s.ahead.nextDoc()
		if !ok {
			s.ahead, s.done = nil, true
			s.t.end()
		}
		return d, ok
	}
	for !s.done {
		line, ok, err := s.readLine()
		if !ok || err == nil && len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		d := Doc{Path: s.name, Line: s.line}
		var keep, invalid bool
		if err == nil {
			keep, invalid, err = decodeLine(line, &d)
		}
		if err != nil {
			s.t.problem(&Error{Path: s.name, Line: s.line, Err: err})
		}
		if s.t.line(s.line, d.Content, keep, invalid) {
			s.done = true
			break
		}
		if keep {
			return d, true
		}
	}
	s.t.end()
	return Doc{}, false
}

// readLine returns the next line without its "\n" or "\r\n", or, with a
// nil line, an ErrLineTooLong error for a line longer than s.max, which is
// not kept in memory. It reports false, setting s.done at the end of the
// stream (or at a NUL byte in its first binaryPrefix bytes), when there is
// no line to return.
func (s *lines) readLine() (line []byte, ok bool, tooLongErr error) {
	s.long = s.long[:0]
	tooLong := false
	for {
		frag, err := s.src.ReadSlice('\n')
		if s.pos < binaryPrefix {
			if i := bytes.IndexByte(frag[:min(len(frag), binaryPrefix-s.pos)], 0); i >= 0 {
				s.warn(&Error{Path: s.name, Err: fmt.Errorf("%w (NUL byte at offset %d, line %d); rest of file skipped", ErrBinary, s.pos+i, s.line+1)})
				s.done = true
				return nil, false, nil
			}
		}
		s.pos += len(frag)
		if !tooLong && len(s.long)+len(frag) > s.max {
			tooLong, s.long = true, s.long[:0]
		}
		if err == bufio.ErrBufferFull {
			if !tooLong {
				s.long = append(s.long, frag...)
			}
			continue
		}
		if err != nil && err != io.EOF {
			// The line read so far is cut short: drop it.
			s.warn(&Error{Path: s.name, Err: streamError(s.comp, err, false)})
			s.done = true
			return nil, false, nil
		}
		if err == io.EOF {
			s.done = true
			if len(frag) == 0 && len(s.long) == 0 && !tooLong {
				return nil, false, nil
			}
		}
		s.line++
		if tooLong {
			return nil, true, fmt.Errorf("%w (more than %d bytes): %w", ErrLineTooLong, s.max, bufio.ErrTooLong)
		}
		line := frag
		if len(s.long) > 0 {
			s.long = append(s.long, frag...)
			line = s.long
		}
		line = bytes.TrimSuffix(line, []byte("\n"))
		line = bytes.TrimSuffix(line, []byte("\r"))
		return line, true, nil
	}
}

// object is the shape of a JSON line.
type object struct {
	ID   json.RawMessage `json:"id"`
	Text text            `json:"text"`
	Time json.RawMessage `json:"time"`
}

// text decodes a JSON string straight into a []byte, copying it once.
// Bytes that are not valid UTF-8 are kept as they are (encoding/json would
// replace them with U+FFFD), so that text files and JSON lines read alike.
type text struct {
	b       []byte
	set     bool   // a string was found
	invalid bool   // b is not valid UTF-8
	notText string // the JSON kind found instead of a string, if any
}

func (t *text) UnmarshalJSON(raw []byte) error {
	switch {
	case string(raw) == "null":
		*t = text{}
		return nil
	case raw[0] != '"':
		*t = text{notText: jsonKind(raw)}
		return nil
	}
	content := raw[1 : len(raw)-1]
	valid := utf8.Valid(content)
	switch {
	case bytes.IndexByte(content, '\\') < 0:
		// No escapes to undo: the content is the bytes between the quotes.
		*t = text{b: bytes.Clone(content), set: true}
		if t.b == nil {
			t.b = []byte{}
		}
	case valid:
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return err
		}
		*t = text{b: []byte(s), set: true}
	default:
		// encoding/json has checked the escapes.
		b, _ := unquote(content)
		*t = text{b: b, set: true}
	}
	t.invalid = !valid
	return nil
}

// decodeLine decodes one JSON line into d. It returns whether d is to be
// returned, whether its Content is invalid UTF-8, and the problem found,
// if any.
func decodeLine(line []byte, d *Doc) (keep, invalid bool, err error) {
	if fastLine(line, d) {
		return true, false, nil // the fast path takes valid UTF-8 only
	}
	return decodeLineSlow(line, d)
}

// decodeLineSlow is decodeLine by encoding/json, for every line.
func decodeLineSlow(line []byte, d *Doc) (keep, invalid bool, err error) {
	var obj object
	err = json.Unmarshal(line, &obj)
	if err != nil {
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) {
			return false, false, fmt.Errorf("%w: want an object, got %s", ErrInvalidJSON, typeErr.Value)
		}
		return false, false, fmt.Errorf("%w: %v", ErrInvalidJSON, err)
	}
	id, idErr := decodeID(obj.ID)
	if idErr != nil {
		return false, false, idErr
	}
	if obj.Text.notText != "" {
		return false, false, fmt.Errorf(`%w "text": want a string, got %s`, ErrInvalidField, obj.Text.notText)
	}
	if !obj.Text.set {
		return false, false, ErrMissingText
	}
	d.ID = id
	d.Content = obj.Text.b
	d.Format = Text
	d.Time, err = decodeTime(obj.Time)
	if err != nil {
		err = fmt.Errorf("%w; added without a time", err)
	}
	return true, obj.Text.invalid, err
}

// decodeID returns the string form of the "id" value raw: a string as is,
// a number as its decimal text (42 is "42", 1e3 is "1000").
func decodeID(raw json.RawMessage) (string, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return "", ErrMissingID
	}
	switch c := raw[0]; {
	case c == '"':
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return "", fmt.Errorf("%w: %v", ErrInvalidJSON, err)
		}
		if s == "" {
			return "", fmt.Errorf("%w (empty string)", ErrMissingID)
		}
		return s, nil
	case c == '-' || '0' <= c && c <= '9':
		if isInteger(raw) {
			return string(raw), nil // exact, even beyond 2^53
		}
		f, err := strconv.ParseFloat(string(raw), 64)
		if err != nil {
			return "", fmt.Errorf(`%w "id": number %s out of range`, ErrInvalidField, raw)
		}
		return strconv.FormatFloat(f, 'f', -1, 64), nil
	}
	return "", fmt.Errorf(`%w "id": want a string or number, got %s`, ErrInvalidField, jsonKind(raw))
}

// decodeTime returns the time given by the "time" value raw: an RFC 3339
// string or a number of Unix seconds. Absent, null and "" give the zero Time.
func decodeTime(raw json.RawMessage) (time.Time, error) {
	if len(raw) == 0 || string(raw) == "null" || string(raw) == `""` {
		return time.Time{}, nil
	}
	switch c := raw[0]; {
	case c == '"':
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return time.Time{}, fmt.Errorf("%w: %v", ErrInvalidJSON, err)
		}
		t, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			return time.Time{}, fmt.Errorf(`%w "time": %q is not an RFC 3339 time`, ErrInvalidField, s)
		}
		return t, nil
	case c == '-' || '0' <= c && c <= '9':
		if isInteger(raw) {
			if n, err := strconv.ParseInt(string(raw), 10, 64); err == nil && n > -1e15 && n < 1e15 {
				return time.Unix(n, 0).UTC(), nil
			}
		} else if f, err := strconv.ParseFloat(string(raw), 64); err == nil && f > -1e15 && f < 1e15 {
			sec := math.Floor(f)
			return time.Unix(int64(sec), int64(math.Round((f-sec)*1e9))).UTC(), nil
		}
		return time.Time{}, fmt.Errorf(`%w "time": %s seconds is out of range`, ErrInvalidField, raw)
	}
	return time.Time{}, fmt.Errorf(`%w "time": want an RFC 3339 string or Unix seconds, got %s`, ErrInvalidField, jsonKind(raw))
}

// isInteger reports whether the JSON number raw has no fraction or exponent.
func isInteger(raw []byte) bool {
	return !bytes.ContainsAny(raw, ".eE")
}

// jsonKind names the kind of the JSON value raw, for messages.
func jsonKind(raw []byte) string {
	switch raw[0] {
	case '{':
		return "object"
	case '[':
		return "array"
	case 't', 'f':
		return "boolean"
	}
	return "number"
}
