package corpus

import (
	"errors"
	"io/fs"
	"strconv"
)

// Sentinel errors, wrapped in an [*Error] and passed to the warning function.
var (
	// ErrBinary: a text or HTML file contains a NUL byte. The file is skipped.
	ErrBinary = errors.New("binary file")
	// ErrNotUTF8: a text file is not valid UTF-8. The file is skipped. (HTML
	// files are not checked: markup reads invalid bytes as U+FFFD.)
	ErrNotUTF8 = errors.New("not UTF-8 text")
	// ErrTooLarge: a file's content exceeds Options.MaxFileSize. The file is
	// skipped.
	ErrTooLarge = errors.New("file too large")
	// ErrTruncated: a gzip or zstd stream ends early. Documents of a JSON
	// lines file read before the break are returned; a text or HTML file is
	// skipped.
	ErrTruncated = errors.New("truncated stream")
	// ErrLineTooLong: a JSON line exceeds MaxLineSize. The line is skipped.
	ErrLineTooLong = errors.New("line too long")
	// ErrInvalidJSON: a line is not a JSON object. The line is skipped.
	ErrInvalidJSON = errors.New("invalid JSON")
	// ErrMissingID: a JSON object has no "id", or a null or empty one. The
	// line is skipped.
	ErrMissingID = errors.New(`missing "id"`)
	// ErrMissingText: a JSON object has no "text", or a null one. The line
	// is skipped.
	ErrMissingText = errors.New(`missing "text"`)
	// ErrInvalidField: "id" is not a string or number, or "text" is not a
	// string (the line is skipped), or "time" is neither an RFC 3339 string
	// nor a number (the document is still returned, with a zero Time).
	ErrInvalidField = errors.New("invalid field")
	// ErrDuplicateID: a document has the ID of an earlier one. The later
	// document is skipped; the message names both places.
	ErrDuplicateID = errors.New("duplicate ID")
	// ErrSymlinkLoop: with Options.FollowSymlinks, a symbolic link leads to
	// a folder that contains it. The link is skipped.
	ErrSymlinkLoop = errors.New("symbolic link loop")
)

// An Error is a problem with one input file or JSON line. Its message reads
// "corpus: PATH: PROBLEM" or "corpus: PATH:LINE: PROBLEM".
type Error struct {
	Path string // the file, as in Doc.Path
	Line int    // the 1-based JSON line, or 0 for the file as a whole
	Err  error  // the problem: a sentinel of this package, a gzip or fs error, ...
}

func (e *Error) Error() string {
	msg := "<nil>"
	if e.Err != nil {
		msg = e.Err.Error()
	}
	// Do not repeat the path of "open PATH: permission denied".
	if pe, ok := e.Err.(*fs.PathError); ok && pe.Path == e.Path {
		msg = pe.Op + ": " + pe.Err.Error()
	}
	where := e.Path
	if e.Line > 0 {
		where += ":" + strconv.Itoa(e.Line)
	}
	return "corpus: " + where + ": " + msg
}

// Unwrap returns e.Err.
func (e *Error) Unwrap() error { return e.Err }
