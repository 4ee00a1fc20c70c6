package corpus

import (
	"bytes"
	"encoding/binary"
	"unicode/utf16"
	"unicode/utf8"
)

// fastLine decodes the common JSON line, an object whose "id" is a string
// without escapes or an integer and whose "text" is a string, in one pass
// and with one copy of the text, several times faster than encoding/json.
// It reports false, leaving d alone, for anything it does not handle
// exactly as decodeLine would: invalid JSON, keys that differ from "id",
// "text" and "time" only in case, repeated keys, a bad "time", missing
// fields. decodeLine then takes over, so the two always agree (FuzzReadJSONL
// checks it).
func fastLine(line []byte, d *Doc) bool {
	i := skipSpace(line, 0)
	if i >= len(line) || line[i] != '{' {
		return false
	}
	i = skipSpace(line, i+1)
	var id string
	var text, rawTime []byte
	var haveID, haveText, haveTime bool
	if i < len(line) && line[i] == '}' {
		return false
	}
	for {
		if i >= len(line) || line[i] != '"' {
			return false
		}
		ks, ke, esc, ok := scanString(line, i)
		if !ok || esc {
			return false
		}
		key := line[ks:ke]
		i = skipSpace(line, ke+1)
		if i >= len(line) || line[i] != ':' {
			return false
		}
		i = skipSpace(line, i+1)
		if i >= len(line) {
			return false
		}
		switch string(key) {
		case "id":
			if haveID {
				return false
			}
			haveID = true
			switch c := line[i]; {
			case c == '"':
				s, e, esc, ok := scanString(line, i)
				if !ok || esc || e == s {
					return false
				}
				id = string(line[s:e])
				i = e + 1
			case c == '-' || '0' <= c && c <= '9':
				e, ok := scanNumber(line, i)
				if !ok || !isInteger(line[i:e]) {
					return false
				}
				id = string(line[i:e])
				i = e
			default:
				return false
			}
		case "text":
			if haveText || line[i] != '"' {
				return false
			}
			haveText = true
			s, e, esc, ok := scanString(line, i)
			if !ok {
				return false
			}
			if esc {
				if text, ok = unquote(line[s:e]); !ok {
					return false
				}
			} else {
				text = append(make([]byte, 0, e-s), line[s:e]...)
			}
			i = e + 1
		case "time":
			if haveTime {
				return false
			}
			haveTime = true
			e, ok := skipValue(line, i, 0)
			if !ok {
				return false
			}
			rawTime = line[i:e]
			i = e
		default:
			if bytes.EqualFold(key, []byte("id")) || bytes.EqualFold(key, []byte("text")) || bytes.EqualFold(key, []byte("time")) {
				return false // a key encoding/json would match case-insensitively
			}
			var ok bool
			if i, ok = skipValue(line, i, 0); !ok {
				return false
			}
		}
		i = skipSpace(line, i)
		if i >= len(line) {
			return false
		}
		if line[i] == '}' {
			i++
			break
		}
		if line[i] != ',' {
			return false
		}
		i = skipSpace(line, i+1)
	}
	if skipSpace(line, i) != len(line) || !haveID || !haveText {
		return false
	}
	t, err := decodeTime(rawTime)
	if err != nil {
		return false // the slow path reports it
	}
	d.ID, d.Content, d.Format, d.Time = id, text, Text, t
	return true
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// scanString scans the JSON string starting at b[i] == '"': its content is
// b[s:e] and b[e] is the closing quote. esc reports escapes in the content.
// It reports !ok for control characters, bad escapes and invalid UTF-8
// (which encoding/json would replace, not reject; the slow path does it).
func scanString(b []byte, i int) (s, e int, esc, ok bool) {
	s = i + 1
	ascii := true
	for j := s; j < len(b); j++ {
		for j+8 <= len(b) && plain8(binary.LittleEndian.Uint64(b[j:])) {
			j += 8
		}
		if j >= len(b) {
			break
		}
		switch c := b[j]; {
		case c == '"':
			if !ascii && !utf8.Valid(b[s:j]) {
				return 0, 0, false, false
			}
			return s, j, esc, true
		case c == '\\':
			esc = true
			j++
			if j >= len(b) {
				return 0, 0, false, false
			}
			switch b[j] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			case 'u':
				if j+4 >= len(b) {
					return 0, 0, false, false
				}
				for _, h := range b[j+1 : j+5] {
					if unhex(h) < 0 {
						return 0, 0, false, false
					}
				}
				j += 4
			default:
				return 0, 0, false, false
			}
		case c < 0x20:
			return 0, 0, false, false
		case c >= 0x80:
			ascii = false
		}
	}
	return 0, 0, false, false
}

func unhex(c byte) rune {
	switch {
	case '0' <= c && c <= '9':
		return rune(c - '0')
	case 'a' <= c && c <= 'f':
		return rune(c - 'a' + 10)
	case 'A' <= c && c <= 'F':
		return rune(c - 'A' + 10)
	}
	return -1
}

// plain8 reports whether the eight bytes of x, little-endian, are all
// printable ASCII other than '"' and '\\', which a string scan steps over.
// (x - 0x01…01) &^ x has a byte's high bit set where x has a zero byte,
// and no false alarm unless another byte is zero too.
func plain8(x uint64) bool {
	const lows, highs = 0x0101010101010101, 0x8080808080808080
	zero := func(v uint64) uint64 { return (v - lows) &^ v & highs }
	ctl := (x - 0x20*lows) &^ x & highs // some byte below 0x20
	return (x&highs | ctl | zero(x^'"'*lows) | zero(x^'\\'*lows)) == 0
}

// unquote undoes the escapes of a scanned string's content, as
// encoding/json does (lone surrogates become U+FFFD). The runs between
// escapes are copied whole.
func unquote(s []byte) ([]byte, bool) {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); {
		k := bytes.IndexByte(s[i:], '\\')
		if k < 0 {
			return append(out, s[i:]...), true
		}
		out = append(out, s[i:i+k]...)
		i += k
		switch s[i+1] {
		case '"', '\\', '/':
			out = append(out, s[i+1])
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'u':
			r := hex4(s[i+2:])
			i += 6
			if utf16.IsSurrogate(r) {
				if i+6 <= len(s) && s[i] == '\\' && s[i+1] == 'u' {
					if r2 := utf16.DecodeRune(r, hex4(s[i+2:])); r2 != utf8.RuneError {
						out = utf8.AppendRune(out, r2)
						i += 6
						continue
					}
				}
				r = utf8.RuneError
			}
			out = utf8.AppendRune(out, r)
			continue
		}
		i += 2
	}
	return out, true
}

func hex4(b []byte) rune {
	return unhex(b[0])<<12 | unhex(b[1])<<8 | unhex(b[2])<<4 | unhex(b[3])
}

// scanNumber scans a JSON number starting at b[i] and returns its end.
func scanNumber(b []byte, i int) (int, bool) {
	if i < len(b) && b[i] == '-' {
		i++
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case i < len(b) && '1' <= b[i] && b[i] <= '9':
		for i < len(b) && '0' <= b[i] && b[i] <= '9' {
			i++
		}
	default:
		return 0, false
	}
	if i < len(b) && b[i] == '.' {
		i++
		if i >= len(b) || b[i] < '0' || b[i] > '9' {
			return 0, false
		}
		for i < len(b) && '0' <= b[i] && b[i] <= '9' {
			i++
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if i >= len(b) || b[i] < '0' || b[i] > '9' {
			return 0, false
		}
		for i < len(b) && '0' <= b[i] && b[i] <= '9' {
			i++
		}
	}
	return i, true
}

// skipValue skips the JSON value starting at b[i], checking it as strictly
// as encoding/json would, and returns its end.
func skipValue(b []byte, i, depth int) (int, bool) {
	if i >= len(b) || depth > 100 {
		return 0, false
	}
	switch c := b[i]; {
	case c == '"':
		_, e, _, ok := scanString(b, i)
		return e + 1, ok
	case c == '-' || '0' <= c && c <= '9':
		return scanNumber(b, i)
	case c == 't':
		return literal(b, i, "true")
	case c == 'f':
		return literal(b, i, "false")
	case c == 'n':
		return literal(b, i, "null")
	case c == '[' || c == '{':
		end := byte(']')
		if c == '{' {
			end = '}'
		}
		i = skipSpace(b, i+1)
		if i < len(b) && b[i] == end {
			return i + 1, true
		}
		for {
			var ok bool
			if c == '{' {
				if i >= len(b) || b[i] != '"' {
					return 0, false
				}
				if i, ok = skipValue(b, i, depth+1); !ok {
					return 0, false
				}
				i = skipSpace(b, i)
				if i >= len(b) || b[i] != ':' {
					return 0, false
				}
				i = skipSpace(b, i+1)
			}
			if i, ok = skipValue(b, i, depth+1); !ok {
				return 0, false
			}
			i = skipSpace(b, i)
			if i >= len(b) {
				return 0, false
			}
			if b[i] == end {
				return i + 1, true
			}
			if b[i] != ',' {
				return 0, false
			}
			i = skipSpace(b, i+1)
		}
	}
	return 0, false
}

func literal(b []byte, i int, lit string) (int, bool) {
	if len(b)-i >= len(lit) && string(b[i:i+len(lit)]) == lit {
		return i + len(lit), true
	}
	return 0, false
}
