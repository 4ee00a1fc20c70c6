package main

import (
	"errors"
	"flag"
	"fmt"
	"html"
	"io"
	"os"
	"regexp"
	"strings"
	"unicode"

	"github.com/newsreuse/dedupe"
	"github.com/newsreuse/dedupe/corpus"
	"github.com/newsreuse/dedupe/internal/optflag"
	"golang.org/x/term"
)

const diffUsage = `usage: dedupe diff [flags] A B

dedupe diff compares two documents, A the earlier and B the later, and
prints the figures: the Jaccard similarity of their shingles, the share of
B's shingles found in A (containment), the similarity (the larger of the
containment and the share of B's words in shared passages) and the words
shared; then each passage B shares with A, reworded ones included: A's
bytes and text, then B's, each with a few words of context around it.

A and B are read as dedupe reads files: HTML (.html, .htm) with offsets
into the file, gzip or zstd compressed or not; "-" is standard input. A
JSON lines file holds many documents, not one, and is refused (run dedupe
on it instead).

The passages are in colour when stdout is a terminal and the environment
variable NO_COLOR is unset or empty (-color=auto); -color=always and
-color=never override both.

Exit status: 0 if A and B share text (a passage, or they are
near-duplicates), 1 if not, 2 on error.

Flags:
`

// runDiff is dedupe diff: it returns the exit status.
func runDiff(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("dedupe diff", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, diffUsage)
		fs.PrintDefaults()
	}
	colorMode := fs.String("color", "auto", "colour the passages: auto (when stdout is a terminal and NO_COLOR is unset), always or never")
	maxFile := optflag.Size(256 << 20)
	fs.Var(&maxFile, "max-file-size", "`size` of the largest file read, after decompression")
	var opts dedupe.Options
	optflag.Register(fs, &opts)
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return 0
		}
		return 2
	}
	if fs.NArg() != 2 {
		fs.Usage()
		return 2
	}
	color, err := useColor(*colorMode, stdout)
	if err != nil {
		fmt.Fprintf(stderr, "dedupe diff: %v\n", err)
		return 2
	}
	warn := func(err error) { fmt.Fprintf(stderr, "dedupe diff: warning: %s\n", message("dedupe diff", err)) }
	var docs [2]dedupe.Document
	for i, p := range fs.Args() {
		docs[i], err = readOne(p, corpus.Options{Warn: warn, Stdin: stdin, MaxFileSize: int64(maxFile)})
		if err != nil {
			fmt.Fprintf(stderr, "dedupe diff: %s\n", message("dedupe diff", err))
			return 2
		}
	}
	det := dedupe.New(opts)
	m := det.Compare(docs[0], docs[1])
	sim := det.Similarity(docs[0], docs[1])
	d := differ{w: stdout, color: color}
	if err := d.write(docs[0], docs[1], m, sim); err != nil {
		fmt.Fprintf(stderr, "dedupe diff: writing output: %v\n", err)
		return 2
	}
	if m.NearDuplicate || len(m.Passages) > 0 {
		return 0
	}
	return 1
}

// useColor tells from the -color mode whether to colour the output.
func useColor(mode string, stdout io.Writer) (bool, error) {
	switch mode {
	case "always":
		return true, nil
	case "never":
		return false, nil
	case "auto":
		return os.Getenv("NO_COLOR") == "" && isTerminal(stdout), nil
	}
	return false, fmt.Errorf("unknown -color %q (want auto, always or never)", mode)
}

// isTerminal reports whether w is a terminal; tests replace it.
var isTerminal = func(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// errJSONLines is the error for a JSON lines file given to dedupe diff.
var errJSONLines = errors.New("JSON lines hold many documents, not one: run dedupe on them")

// readOne reads the document at path (or standard input for "-") with the
// corpus package's rules.
func readOne(path string, opts corpus.Options) (dedupe.Document, error) {
	var first error
	warn := opts.Warn
	opts.Warn = func(err error) {
		if first == nil {
			first = err
		}
		if errors.Is(err, corpus.ErrInvalidUTF8Replaced) {
			warn(err) // the document is read all the same
		}
	}
	r := corpus.NewReader([]string{path}, opts)
	defer r.Close()
	if !r.Scan() {
		if err := r.Err(); err != nil {
			return dedupe.Document{}, err
		}
		if first != nil {
			return dedupe.Document{}, first
		}
		return dedupe.Document{}, fmt.Errorf("%s: no document", path)
	}
	doc := r.Doc()
	if doc.Line > 0 {
		return dedupe.Document{}, fmt.Errorf("%s: %w", path, errJSONLines)
	}
	return dedupe.Document{ID: doc.ID, Text: doc.Content, HTML: doc.Format == corpus.HTML}, nil
}

// ANSI escapes of the coloured output.
const (
	ansiBold  = "\x1b[1m"
	ansiDim   = "\x1b[2m"
	ansiMatch = "\x1b[1;33m" // bold yellow: the shared text
	ansiReset = "\x1b[0m"
)

const (
	contextWords = 8   // words of context shown on each side of a passage
	maxShown     = 200 // most words of a passage shown; the middle of longer ones is left out
	lineWidth    = 76  // of the wrapped text, after the indent
)

// A differ writes what dedupe diff shows.
type differ struct {
	w     io.Writer
	color bool
	err   error
}

func (d *differ) printf(format string, args ...any) {
	if d.err == nil {
		_, d.err = fmt.Fprintf(d.w, format, args...)
	}
}

// paint returns s in the ANSI style code when colouring.
func (d *differ) paint(code, s string) string {
	if !d.color || s == "" {
		return s
	}
	return code + s + ansiReset
}

func (d *differ) write(a, b dedupe.Document, m dedupe.Match, sim float64) error {
	words := 0
	for _, p := range m.Passages {
		words += p.Words
	}
	d.printf("%s %s\n", d.paint(ansiBold, "A"), textID(a.ID))
	d.printf("%s %s\n", d.paint(ansiBold, "B"), textID(b.ID))
	near := "not near-duplicates"
	if m.NearDuplicate {
		near = "near-duplicates"
	}
	d.printf("Jaccard %.4f, containment of B in A %.4f, similarity %.4f: %s, %s shared in %s\n",
		m.Jaccard, m.Containment, sim, near, plural(words, "word"), plural(len(m.Passages), "passage"))
	for i, p := range m.Passages {
		d.printf("\n%s\n", d.paint(ansiBold, fmt.Sprintf("passage %d of %d: %s", i+1, len(m.Passages), plural(p.Words, "word"))))
		d.side("A", a, p.OtherStart, p.OtherEnd)
		d.side("B", b, p.Start, p.End)
	}
	return d.err
}

// side writes the bytes [start, end) of doc, wrapped, after up to
// contextWords words before them and followed by as many after them.
func (d *differ) side(name string, doc dedupe.Document, start, end int) {
	d.printf("  %s bytes %d-%d\n", name, start, end)
	before, more := shownWords(doc.Text[:start], doc.HTML), ""
	if len(before) > contextWords {
		before, more = before[len(before)-contextWords:], "… "
	}
	if len(before) > 0 {
		d.printf("    %s\n", d.paint(ansiDim, more+strings.Join(before, " ")))
	}
	passage := shownWords(doc.Text[start:end], doc.HTML)
	if len(passage) > maxShown {
		n := len(passage) - maxShown
		passage = append(append(passage[:maxShown/2:maxShown/2], fmt.Sprintf("[… %d words …]", n)), passage[len(passage)-maxShown/2:]...)
	}
	for _, line := range wrap(passage, lineWidth) {
		d.printf("    | %s\n", d.paint(ansiMatch, line))
	}
	after, more := shownWords(doc.Text[end:], doc.HTML), ""
	if len(after) > contextWords {
		after, more = after[:contextWords], " …"
	}
	if len(after) > 0 {
		d.printf("    %s\n", d.paint(ansiDim, strings.Join(after, " ")+more))
	}
}

// tag matches an HTML tag or comment, left out of the text shown.
var tag = regexp.MustCompile(`(?s)<!--.*?-->|<[^>]*>`)

// shownWords returns the words of b as shown: markup left out of HTML and
// its entities decoded, invalid UTF-8 and control characters (which could
// drive the terminal) as U+FFFD.
func shownWords(b []byte, isHTML bool) []string {
	s := strings.ToValidUTF8(string(b), "\uFFFD")
	if isHTML {
		s = html.UnescapeString(tag.ReplaceAllString(s, " "))
	}
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) && !unicode.IsSpace(r) {
			return '\uFFFD'
		}
		return r
	}, s)
	return strings.Fields(s)
}

// wrap joins words into lines of at most width characters (a longer word
// gets a line of its own).
func wrap(words []string, width int) []string {
	var lines []string
	var line strings.Builder
	n := 0
	for _, w := range words {
		wl := len([]rune(w))
		if n > 0 && n+1+wl > width {
			lines = append(lines, line.String())
			line.Reset()
			n = 0
		}
		if n > 0 {
			line.WriteByte(' ')
			n++
		}
		line.WriteString(w)
		n += wl
	}
	if n > 0 {
		lines = append(lines, line.String())
	}
	return lines
}
