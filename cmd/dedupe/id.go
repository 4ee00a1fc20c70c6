package main

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// textID returns a document ID as the text report shows it: as it is,
// unless it holds a control character (a newline in a file name would
// break the report's lines) or bytes that are not UTF-8 (which would show
// as U+FFFD and no longer name the file); then it is quoted with Go's
// escapes (strconv.Quote: "\n", "\xff"), which strconv.Unquote reverses.
func textID(id string) string {
	if utf8.ValidString(id) && strings.IndexFunc(id, unicode.IsControl) < 0 {
		return id
	}
	return strconv.Quote(id)
}
