package markup

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// longestLegacyEntity is the length of the longest entity name that the
// HTML spec (and golang.org/x/net/html) accepts without a trailing ';'.
const longestLegacyEntity = 6

// common maps frequent named references (with ';') to their text, to
// decode them without allocating. Its values are never modified.
var common = func() map[string][]byte {
	m := make(map[string][]byte)
	for _, name := range strings.Fields(`amp lt gt quot apos nbsp
		lsquo rsquo sbquo ldquo rdquo bdquo laquo raquo lsaquo rsaquo
		ndash mdash hellip middot bull dagger shy thinsp ensp emsp zwnj zwj
		copy reg trade deg plusmn times divide frac12 frac14 frac34 euro pound yen cent sect para
		aacute eacute iacute oacute uacute agrave egrave igrave ograve ugrave
		acirc ecirc icirc ocirc ucirc auml euml iuml ouml uuml yuml atilde otilde ntilde ccedil
		Aacute Eacute Iacute Oacute Uacute Agrave Egrave Auml Ouml Uuml Ntilde Ccedil
		aring Aring aelig AElig oslash Oslash szlig`) {
		m["&"+name+";"] = []byte(html.UnescapeString("&" + name + ";"))
	}
	return m
}()

// entity decodes the character reference at the start of p (p[0] == '&') the
// way golang.org/x/net/html decodes text: numeric references, named
// references, and legacy names without ';' (so "&ampx" is "&x"). It returns
// the decoded text, which may be in scratch or shared and must not be
// modified, and the number of bytes of p it stands for; n == 0 if p does not
// start with a reference.
func entity(p []byte, scratch *[utf8.UTFMax]byte) (s []byte, n int) {
	if len(p) < 2 {
		return nil, 0
	}
	if p[1] == '#' {
		return numericEntity(p, scratch)
	}
	i := 1
	for i < len(p) && isAlnum(p[i]) {
		i++
	}
	if i == 1 {
		return nil, 0
	}
	if i < len(p) && p[i] == ';' {
		i++
		if s, ok := common[string(p[:i])]; ok {
			return s, i
		}
	}
	s2, n := namedEntity(string(p[:i]))
	return []byte(s2), n
}

// numericEntity decodes a numeric reference such as "&#8217;" or "&#x2019".
func numericEntity(p []byte, scratch *[utf8.UTFMax]byte) ([]byte, int) {
	i := 2
	hex := i < len(p) && (p[i] == 'x' || p[i] == 'X')
	if hex {
		i++
	}
	j := i
	var r rune
	for j < len(p) && isDigit(p[j], hex) {
		if r <= utf8.MaxRune {
			d := rune(p[j] - '0')
			switch {
			case p[j] >= 'a':
				d = rune(p[j]-'a') + 10
			case p[j] >= 'A':
				d = rune(p[j]-'A') + 10
			}
			if hex {
				r = r*16 + d
			} else {
				r = r*10 + d
			}
		}
		j++
	}
	if j == i {
		return nil, 0
	}
	if j < len(p) && p[j] == ';' {
		j++
	}
	if 0x80 <= r && r <= 0x9F {
		// Windows-1252 replacements: rare, let x/net/html's table decide.
		return []byte(html.UnescapeString(string(p[:j]))), j
	}
	if r == 0 || !utf8.ValidRune(r) {
		r = utf8.RuneError
	}
	return utf8.AppendRune(scratch[:0], r), j
}

// namedEntity decodes the named reference that starts ref, which is '&',
// letters and digits, and maybe a final ';'.
func namedEntity(ref string) (string, int) {
	u := html.UnescapeString(ref)
	if u == ref {
		return "", 0
	}
	// u is either ref decoded in full, or a legacy entity (a prefix of the
	// name, without ';') decoded and followed by the rest of ref verbatim.
	// No full decoding ends in ';' except "&semi;"'s, so a ref ending in ';'
	// whose decoding does not was decoded in full.
	if ref[len(ref)-1] == ';' && !strings.HasSuffix(u, ";") {
		return u, len(ref)
	}
	name := ref[1:]
	for j := min(len(name)-1, longestLegacyEntity); j > 1; j-- {
		rest := ref[1+j:]
		if !strings.HasSuffix(u, rest) {
			continue
		}
		head := u[:len(u)-len(rest)]
		if utf8.RuneCountInString(head) == 1 && html.UnescapeString(ref[:1+j]) == head {
			return head, 1 + j
		}
	}
	return u, len(ref)
}

func isDigit(c byte, hex bool) bool {
	return '0' <= c && c <= '9' || hex && ('a' <= c && c <= 'f' || 'A' <= c && c <= 'F')
}

func isAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}
