package corpus

import (
	"fmt"
	"strconv"
)

// DefaultMaxWarnings is how many warnings about its lines and documents one
// file gets when Options.MaxWarnings is 0. The rest are counted in one
// [ErrMoreProblems] warning at the end of the file, so that a file of
// millions of bad lines gives a dozen lines of warnings, not gigabytes.
const DefaultMaxWarnings = 10

// GiveUpLines is how many non-blank lines of a JSON lines file are read
// without finding a document before the file is given up ([ErrGivenUp]).
// A file of garbage then costs the time of reading 100 lines, not of
// reading all of it.
const GiveUpLines = 100

// binaryPrefix is how much of a JSON lines stream is checked for NUL bytes
// ([ErrBinary]), as git checks the start of a file: enough that random
// bytes are caught at once (they hold a NUL byte every 256 bytes on
// average), and a stream inflating to endless zeros is given up without
// waiting for the end of its first line.
const binaryPrefix = 8 << 10

// A tally keeps the problems of one JSON lines file in bounds, on the
// goroutine that passes on its warnings, in line order: it caps the
// warnings about lines and documents, gives the file up when its first
// lines hold no document, and sums up invalid UTF-8 in one warning.
type tally struct {
	path     string
	warn     func(error)
	max      int  // warnings about lines and documents passed on
	shown    int  // such warnings passed on
	hidden   int  // such warnings counted only
	bad      int  // non-blank lines without a document, while docs is false
	docs     bool // a line gave a document
	utf8Line int  // the first line whose "text" is not valid UTF-8, or 0
	utf8At   int  // the offset of its first invalid byte in the text
	utf8More int  // further lines whose "text" is not valid UTF-8
	ended    bool
}

func (t *tally) reset(path string, warn func(error), max int) {
	*t = tally{path: path, warn: warn, max: max}
}

// problem passes on a warning about one line or document, or counts it if
// the file has had its share.
func (t *tally) problem(err error) {
	if t.shown < t.max {
		t.shown++
		t.warn(err)
		return
	}
	t.hidden++
}

// line counts the non-blank line n, which gave a document with content
// (keep) or not, and whose "text" was invalid UTF-8 or not. It reports
// whether to give up the file, after a warning saying so.
func (t *tally) line(n int, content []byte, keep, invalid bool) bool {
	if keep {
		t.docs = true
		switch {
		case !invalid:
		case t.utf8Line == 0:
			t.utf8Line, t.utf8At = n, invalidAt(content)
		default:
			t.utf8More++
		}
		return false
	}
	if t.docs {
		return false
	}
	t.bad++
	if t.bad < GiveUpLines {
		return false
	}
	t.warn(&Error{Path: t.path, Err: fmt.Errorf("%w at line %d: no document in the first %d non-blank lines", ErrGivenUp, n, GiveUpLines)})
	return true
}

// end passes on the warnings due at the end of the file: invalid UTF-8,
// and the count of problems not shown. Calls after the first do nothing.
func (t *tally) end() {
	if t.ended {
		return
	}
	t.ended = true
	if t.utf8Line > 0 {
		more := ""
		if t.utf8More > 0 {
			more = fmt.Sprintf(" (and in %d more %s)", t.utf8More, plural(t.utf8More, "line"))
		}
		t.warn(&Error{Path: t.path, Line: t.utf8Line, Err: fmt.Errorf(`%w in "text" at byte %d%s; read as U+FFFD`, ErrInvalidUTF8Replaced, t.utf8At, more)})
	}
	if t.hidden > 0 {
		t.warn(&Error{Path: t.path, Err: moreProblems(t.hidden)})
	}
}

// moreProblems is the [ErrMoreProblems] warning: the number of problems not
// shown.
type moreProblems int

func (n moreProblems) Error() string {
	return strconv.Itoa(int(n)) + " more " + plural(int(n), "problem") + " not shown"
}

func (moreProblems) Is(target error) bool { return target == ErrMoreProblems }

// plural returns word, with an "s" unless n is 1.
func plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}
