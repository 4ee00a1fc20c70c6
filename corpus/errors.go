package corpus

import (
	"errors"
	"io/fs"
	"strconv"
)

// Sentinel errors, wrapped in an [*Error] and passed to the warning function.
var (
	// ErrBinary: a text or HTML file contains a NUL byte, or a JSON lines
	// file has one in its first 8 KiB (no JSON line can hold one). The
	// file is skipped; of a JSON lines file, the documents before the NUL
	// byte are kept.
	ErrBinary = errors.New("binary file")
	// ErrNotUTF8: more than 30% of the bytes of a text file are not valid
	// UTF-8, so it is probably in another encoding (UTF-16 without NUL
	// bytes, a legacy code page of a non-Latin script) or not text. The
	// file is skipped. A text file with fewer invalid bytes is read, with
	// [ErrInvalidUTF8Replaced]. (HTML files are not checked: markup reads
	// invalid bytes as U+FFFD.)
	ErrNotUTF8 = errors.New("not UTF-8 text")
	// ErrInvalidUTF8Replaced: a text file, or the "text" of JSON lines,
	// holds bytes that are not valid UTF-8 (Latin-1 accents, say). The
	// documents are kept with their bytes unchanged, so offsets still index
	// the file; package shingle reads each invalid byte as U+FFFD, which
	// separates words. One warning per file names the first invalid byte
	// and counts the others (in JSON lines, the other lines).
	ErrInvalidUTF8Replaced = errors.New("invalid UTF-8")
	// ErrTooLarge: a file's content exceeds Options.MaxFileSize. The file is
	// skipped.
	ErrTooLarge = errors.New("file too large")
	// ErrTruncated: a gzip or zstd stream ends early. Documents of a JSON
	// lines file read before the break are returned; a text or HTML file is
	// skipped.
	ErrTruncated = errors.New("truncated stream")
	// ErrLineTooLong: a JSON line exceeds Options.MaxLineSize. The line is
	// skipped.
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
	// nor a number (the document is still returned, with a zero Time: the
	// message says "added without a time").
	ErrInvalidField = errors.New("invalid field")
	// ErrDuplicateID: a document has the ID of an earlier one. The later
	// document is skipped; the message names both places.
	ErrDuplicateID = errors.New("duplicate ID")
	// ErrGivenUp: the first [GiveUpLines] non-blank lines of a JSON lines
	// file hold no document, so it is probably not JSON lines at all. The
	// rest of the file is skipped.
	ErrGivenUp = errors.New("file given up")
	// ErrMoreProblems: a file had more problems than Options.MaxWarnings;
	// one warning at the end of the file counts those not shown.
	ErrMoreProblems = errors.New("more problems not shown")
	// ErrSymlinkLoop: with Options.FollowSymlinks, a symbolic link leads to
	// a folder that contains it. The link is skipped.
	ErrSymlinkLoop = errors.New("symbolic link loop")
	// ErrSymlinkSkipped: without Options.FollowSymlinks, a folder walk
	// meets a symbolic link to a folder. The link is skipped.
	ErrSymlinkSkipped = errors.New("symbolic link to a folder not followed")
	// ErrNotRegular: a named pipe (FIFO), socket or device found in a
	// folder, or a socket named as a path, is skipped without being
	// opened, since reading one could block forever or never end.
	ErrNotRegular = errors.New("not a regular file")
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
