// Package corpus reads documents from files, folders and JSON lines
// streams, for the dedupe command and the evaluation tools.
//
// # Inputs
//
// A [Reader] takes paths. A folder is walked recursively in lexical order;
// in it, files named *.txt, *.md, *.html, *.htm and *.jsonl are read, each
// optionally compressed with gzip (*.txt.gz, ...) or Zstandard (*.txt.zst,
// *.txt.zstd, ...), and other files, and files and folders whose names
// start with ".", are skipped. A file named explicitly is read whatever its
// name: JSON lines if it ends in .jsonl (or .jsonl.gz, .jsonl.zst), HTML if
// it ends in .html or .htm, text otherwise. Compression is detected by the
// extension and by the magic bytes, so a misnamed compressed file is read
// too. A Zstandard stream may use a window of up to 128 MiB (zstd --long).
//
// The path "-" is standard input (Options.Stdin), decompressed if its
// magic bytes show gzip or Zstandard: JSON lines if its first byte other
// than white space is "{", one text document otherwise, whose ID and Path
// are "-". A file named "-" is read as "./-".
//
// A document's ID is its path relative to the folder argument it was found
// in, the path as given for a file argument, or its JSON "id". When more
// than one argument is a folder, the IDs of the files found in folders
// start with their folder argument as given, so that the same relative
// path in two folders names two documents: with arguments outletA and
// outletB, "outletA/story.txt" and "outletB/story.txt" (not two
// "story.txt", the second skipped as a duplicate).
//
// A JSON lines file holds one object per line, such as
//
//	{"id": "reuters-123", "text": "Stocks rose ...", "time": "2024-05-12T09:30:00Z"}
//
// with a string (or numeric) "id", a string "text", and an optional "time"
// given as an RFC 3339 string or a number of Unix seconds. Other fields are
// ignored, as are blank lines. [ReadJSONL] reads one such stream.
//
// # Problems
//
// Bad input never stops reading. Each problem (an unreadable file, a file
// that is binary or not UTF-8 text, a gzip or zstd error, a bad JSON line, a
// duplicate ID, ...) is passed to a warning function as an [*Error] that
// names the file and, for JSON lines, the line; the sentinel errors
// ([ErrBinary], [ErrNotUTF8], ...) tell them apart with [errors.Is]. Unless
// its sentinel says otherwise, the file or line in question is skipped and
// reading goes on with the next one. Named pipes, sockets and devices found
// in a folder are skipped unopened ([ErrNotRegular]), and so are symbolic
// links to folders unless Options.FollowSymlinks is set
// ([ErrSymlinkSkipped]); a named pipe or a character device named as a
// path (a shell's <(...), /dev/stdin) is read as a file of its name.
//
// The warnings stay few however bad the input. A file gets at most
// Options.MaxWarnings (10) warnings about its lines and documents; one
// [ErrMoreProblems] warning at the end of the file counts the rest. A JSON
// lines file whose first [GiveUpLines] (100) non-blank lines hold no
// document, or whose first 8 KiB hold a NUL byte, is not JSON lines: it is
// given up with one warning ([ErrGivenUp], [ErrBinary]), after the
// documents read before, and reading goes on with the next file.
//
// # Limits and encodings
//
// A text or HTML file is read whole, up to Options.MaxFileSize (256 MiB
// after decompression); a JSON lines file is streamed a line at a time, each
// line up to Options.MaxLineSize (64 MiB), and a longer line is skipped
// without being held. Text is read as UTF-8 with its bytes unchanged, so
// that offsets index the file: a text file or JSON "text" with some
// invalid bytes (Latin-1 accents, say) is kept and reported once per file
// ([ErrInvalidUTF8Replaced]), and package shingle reads each invalid byte
// as U+FFFD, between words. A text file more than 30% of whose bytes are
// invalid is in another encoding or is not text, and is skipped
// ([ErrNotUTF8]); one with a NUL byte (such as UTF-16) is binary
// ([ErrBinary]).
package corpus

import (
	"strconv"
	"time"
)

// A Format tells how a document's content is marked up.
type Format int

const (
	// Text is plain text. The zero Format.
	Text Format = iota
	// HTML is an HTML document; golang.org/x/net/html-based extraction (see
	// package markup) gives its visible text.
	HTML
)

// String returns "text" or "html".
func (f Format) String() string {
	switch f {
	case Text:
		return "text"
	case HTML:
		return "html"
	}
	return "Format(" + strconv.Itoa(int(f)) + ")"
}

// A Doc is one document read from a corpus.
type Doc struct {
	// ID names the document uniquely within one read: for a file found in a
	// folder, its path relative to that folder, slash-separated
	// ("world/a.txt"), or, when more than one argument is a folder, that
	// path joined to the folder argument ("outletA/world/a.txt"); for a
	// file named explicitly, the path as given ("-" for standard input);
	// for a JSON line, the object's "id".
	ID string
	// Path is the file the document came from, as the user can find it: the
	// folder argument joined with the relative path, or the path as given.
	Path string
	// Line is the 1-based line number of a JSON line, and 0 otherwise.
	Line int
	// Content is the document as read: the file's bytes after gunzip, or
	// the JSON "text" field with its escapes undone. Bytes that are not
	// valid UTF-8 are kept as they are (see Limits and encodings), so
	// offsets reported to users refer to it. It is newly allocated for each
	// Doc and owned by the caller.
	Content []byte
	// Format is HTML for .html and .htm files (also when gzipped), Text
	// otherwise, including all JSON lines.
	Format Format
	// Time is the JSON "time" field, if present, and the zero Time
	// otherwise. Unix seconds are returned in UTC; an RFC 3339 time keeps its
	// offset.
	Time time.Time
}
