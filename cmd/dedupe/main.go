// Command dedupe finds near-duplicate and syndicated passages in news
// texts.
//
// Usage:
//
//	dedupe [flags] PATH...
//	dedupe diff [flags] A B
//	dedupe eval pan13|clough|msrp|reuters [flags] PATH
//	dedupe serve -index DIR [flags]
//	dedupe version
//
// Run dedupe -h for the flags.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/newsreuse/dedupe"
	"github.com/newsreuse/dedupe/corpus"
	"github.com/newsreuse/dedupe/internal/optflag"
)

const usageMessage = `usage: dedupe [flags] PATH...
       dedupe diff [flags] A B
       dedupe eval pan13|clough|msrp|reuters [flags] PATH
       dedupe serve -index DIR [flags]
       dedupe version

dedupe reads the documents under each PATH and reports the ones that are
near-duplicates of each other or share passages, the passages (byte offsets
into both files, with an excerpt), and the clusters of documents that reuse
the same text with their likely source. dedupe diff shows what two
documents share (dedupe diff -h); dedupe serve serves an index over HTTP
(dedupe serve -h).

PATH is a file or a folder, read recursively: .txt, .md, .html/.htm
(markup skipped, offsets still into the file) and .jsonl (one JSON object a
line with "id" and "text", optional "time"), each optionally compressed
(.gz or .zst). A PATH "-" is standard input: JSON lines if it starts with
"{" (after white space), one text document "-" otherwise.

A document's ID is its path relative to the folder argument, the path as
given for a file argument, or its "id" in JSON lines. With more than one
folder argument, an ID starts with its folder as given (outletA/story.txt
and outletB/story.txt), so that the same name in two folders is two
documents. The text report quotes an ID that holds a control character
(a newline) or bytes that are not UTF-8 with Go's escapes ("a\nb.txt",
"caf\xe9.txt"); JSON lines give such an ID with U+FFFD for each invalid
byte and, since a JSON string holds only UTF-8, its exact bytes in base64
in a field named with "_bytes" added (a_bytes, b_bytes, source_bytes,
members_bytes: every member's bytes, when one is not UTF-8).

A text or HTML file is read whole, up to -max-file-size (after
decompression); a JSON lines file a line at a time, each up to
-max-line-size. Sizes are bytes, or a number with a unit: kB, MB, GB
(powers of 1000) or KiB, MiB, GiB (powers of 1024). Symbolic links to
folders are followed with -follow-symlinks only; named pipes, sockets and
devices in a folder are skipped, while a pipe named as a PATH (a shell's
<(zcat feed.gz)) is read.

Bad input gets a warning on stderr naming the file (and line) and the run
goes on: a file that cannot be read, is too large or binary, or is more
than 30% invalid UTF-8 is skipped; a text with a few invalid UTF-8 bytes
is read as it is (offsets still into the file), the bytes as U+FFFD, with
one warning per file; a bad JSON line is skipped, and a document whose
"time" is bad is added without a time. A file gets at most 10 warnings and
then one count of the rest; a JSON lines file whose first 100 non-blank
lines hold no document, or whose first 8 KiB hold a NUL byte, is given up.

-format csv writes a header row and one row per passage: a, b (the IDs),
a_start, a_end, b_start, b_end (byte offsets), words, jaccard (the pair's)
and cluster (the cluster of both documents, empty if none); a
near-duplicate pair without passages has one row with the offsets and
words empty. Fields are quoted as RFC 4180 says, and IDs written as they
are.

Exit status: 0 if duplicates or reuse were found, 1 if none, 2 on error
(a usage error, no document could be read, or a -cpuprofile or
-memprofile file could not be written).

Flags:
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run is the whole command, minus the process: it returns the exit status.
// stdin is read for a PATH "-".
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) (code int) {
	if len(args) > 0 {
		switch args[0] {
		case "eval":
			return runEval(args[1:], stdout, stderr)
		case "diff":
			return runDiff(args[1:], stdin, stdout, stderr)
		case "serve":
			return runServe(args[1:], stderr)
		case "version":
			return printVersion(stdout)
		}
	}
	fs := flag.NewFlagSet("dedupe", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, usageMessage)
		fs.PrintDefaults()
	}
	var (
		format   = fs.String("format", "text", "output `format`: text (a report to read), json (JSON lines), csv (a row per passage) or html (a page to open in a browser; holds the input texts in memory)")
		progress = fs.String("progress", "auto", "progress on stderr: auto (when stderr is a terminal), always or never")
		workers  = fs.Int("j", 0, "documents prepared in parallel (0: one per CPU)")
		cpuprof  = fs.String("cpuprofile", "", "write a CPU profile to `file`")
		memprof  = fs.String("memprofile", "", "write a heap profile to `file` at the end")
		huge     = fs.Bool("huge-pages", true, "on Linux, ask for transparent huge pages for a large input's memory (fewer page faults: faster)")
		maxFile  = optflag.Size(256 << 20)
		maxLine  = optflag.Size(corpus.MaxLineSize)
		follow   = fs.Bool("follow-symlinks", false, "follow symbolic links to folders (links to files are always read)")
		showVer  = fs.Bool("version", false, "print the version (module version, VCS revision and time, Go version) and exit")
		window   = fs.Duration("window", 0, "with -index, when the index is created: keep a window of news this long (72h, say): a document older than the newest document's time minus the window is forgotten (0: keep everything; an existing index keeps its own)")
		index    = fs.String("index", "", "keep the documents in an index in `dir` (created if need be) and report what PATH's documents share with everything indexed so far, earlier runs included; a document whose ID the index holds is skipped; with no PATH, report the whole index")
	)
	fs.Var(&maxFile, "max-file-size", "`size` of the largest text or HTML file read, after decompression; larger ones are skipped")
	fs.Var(&maxLine, "max-line-size", "`size` of the longest JSON line read; longer lines are skipped")
	var opts dedupe.Options
	optflag.Register(fs, &opts)
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return 0
		}
		return 2
	}
	if *showVer {
		return printVersion(stdout)
	}
	if fs.NArg() == 0 && *index == "" {
		fs.Usage()
		return 2
	}
	if *window != 0 && *index == "" {
		fmt.Fprintln(stderr, "dedupe: -window needs -index (a window of news is kept in an index)")
		return 2
	}
	if *window < 0 {
		fmt.Fprintf(stderr, "dedupe: -window %v out of range: a duration of 0 or more\n", *window)
		return 2
	}
	if *index != "" && *format == "html" {
		fmt.Fprintln(stderr, "dedupe: -format html needs the documents' texts, which an -index does not keep: use text, json or csv")
		return 2
	}
	if err := optflag.Check("dedupe", opts); err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	var w reportWriter
	switch *format {
	case "text":
		w = &textReport{w: stdout}
	case "json":
		w = &jsonReport{w: stdout}
	case "csv":
		w = &csvReport{w: stdout}
	case "html":
		w = newHTMLReport(stdout)
	default:
		fmt.Fprintf(stderr, "dedupe: unknown -format %q (want text, json, csv or html)\n", *format)
		return 2
	}
	prog, err := newProgress(*progress, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "dedupe: %v\n", err)
		return 2
	}

	if *cpuprof != "" {
		stopProfile, err := startCPUProfile(*cpuprof)
		if err != nil {
			fmt.Fprintf(stderr, "dedupe: %v\n", err)
			return 2
		}
		defer stopProfile()
	}

	start := time.Now()
	if *huge {
		adviseHugePages(fs.Args())
	}
	// Documents are read on another goroutine than results are handled on.
	var mu sync.Mutex
	warnings := 0
	warn := func(err error) {
		mu.Lock()
		defer mu.Unlock()
		warnings++
		prog.clear()
		fmt.Fprintf(stderr, "dedupe: warning: %s%s\n", message("dedupe", err), hint(err))
	}
	// JSON lines are decoded on as many goroutines as documents are
	// prepared on; with -j 1 everything is read on one.
	decoders := *workers
	if decoders <= 0 {
		decoders = runtime.GOMAXPROCS(0)
	}
	if decoders == 1 {
		decoders = 0
	}
	r := corpus.NewReader(fs.Args(), corpus.Options{
		Warn:           warn,
		Decoders:       decoders,
		MaxFileSize:    int64(maxFile),
		MaxLineSize:    int(maxLine),
		FollowSymlinks: *follow,
		Stdin:          stdin,
	})
	det := dedupe.New(opts)
	if *index != "" {
		var err error
		opts.Retention = *window
		if det, err = dedupe.Open(*index, opts, dedupe.StoreOptions{Warn: warn}); err != nil {
			fmt.Fprintln(stderr, err)
			return 2
		}
		defer func() {
			if err := det.Close(); err != nil {
				fmt.Fprintf(stderr, "dedupe: %v\n", err)
				code = 2
			}
		}()
	}
	var st stats
	runIDs := map[string]bool{} // with -index: the documents added by this run
	runPairs := 0
	newGCPolicy().watch()
	var read atomic.Int64 // bytes read
	failed := false
	// The Detector keeps no text: the text report takes its excerpts from
	// each new document while it is in flight, and the HTML report keeps
	// the texts of every document added.
	_, excerpts := w.(*textReport)
	page, keep := w.(*htmlReport)
	inFlight := map[string]corpus.Doc{}
	docs := func(yield func(dedupe.Document) bool) {
		for r.Scan() {
			doc := r.Doc()
			read.Add(int64(len(doc.Content)))
			if *index != "" {
				if _, ok := det.Document(doc.ID); ok {
					st.skipped++
					continue
				}
			}
			if (excerpts || keep) && len(doc.Content) <= opts.MaxDocumentBytes { // a larger one is refused
				mu.Lock()
				inFlight[doc.ID] = doc
				mu.Unlock()
			}
			if !yield(dedupe.Document{ID: doc.ID, Text: doc.Content, HTML: doc.Format == corpus.HTML, Time: doc.Time}) {
				return
			}
		}
	}
	det.AddAll(docs, *workers, func(res dedupe.Result, err error) bool {
		if err != nil {
			if errors.Is(err, dedupe.ErrTooLarge) {
				err = fmt.Errorf("%w (raise -max-doc-size to compare it); skipped", err)
			}
			warn(err)
			return true
		}
		var doc corpus.Doc
		if excerpts || keep {
			mu.Lock()
			doc = inFlight[res.ID]
			delete(inFlight, res.ID)
			mu.Unlock()
		}
		if keep {
			page.keep(doc)
		}
		if excerpts {
			text := doc.Content
			for _, m := range res.Matches {
				ex := make([]string, len(m.Passages))
				for i, ps := range m.Passages {
					ex[i] = excerpt(text[ps.Start:ps.End], 12)
				}
				st.excerpts = append(st.excerpts, ex)
			}
		}
		st.docs++
		st.words += res.Words
		st.unverified += res.Unverified
		if *index != "" {
			runIDs[res.ID] = true
			runPairs += len(res.Matches)
		}
		mu.Lock()
		prog.update(st.docs, read.Load())
		mu.Unlock()
		return true
	})
	st.bytes = read.Load()
	if *memprof != "" { // while the Detector holds every document
		if err := writeHeapProfile(*memprof); err != nil {
			fmt.Fprintf(stderr, "dedupe: %v\n", err)
			failed = true
		}
	}
	prog.clear()
	if err := r.Err(); err != nil {
		fmt.Fprintf(stderr, "dedupe: %v\n", err)
		failed = true
	}
	if *index == "" {
		// The inputs are all in: the short links are judged again by the
		// whole collection (Detector.Settle), which drops those that rest
		// on text that turned out common. A persistent index keeps its
		// pairs as found.
		if err := settle(det, &st); err != nil {
			fmt.Fprintf(stderr, "dedupe: %v\n", err)
			failed = true
		}
	}
	pairs, clusters := det.Pairs(), det.Clusters()
	if *index != "" && fs.NArg() == 0 {
		st.docs = det.Len() // the whole index
	}
	if *index != "" && fs.NArg() > 0 {
		// What this run's documents share: their pairs, which come last,
		// and the clusters they are in.
		pairs = pairs[len(pairs)-runPairs:]
		clusters = slices.DeleteFunc(clusters, func(c dedupe.Cluster) bool {
			return !slices.ContainsFunc(c.Members, func(id string) bool { return runIDs[id] })
		})
	}
	st.warnings = warnings
	if err := w.write(pairs, clusters, st); err != nil {
		fmt.Fprintf(stderr, "dedupe: writing output: %v\n", err)
		return 2
	}
	prog.done(st.docs, st.bytes, time.Since(start))
	switch {
	case failed, st.docs == 0 && warnings > 0:
		return 2
	case len(pairs) > 0:
		return 0
	default:
		return 1
	}
}

// settle settles det (Detector.Settle), an in-memory Detector, and keeps
// the text report's excerpts, one list per pair in the order of Pairs,
// for the pairs left.
func settle(det *dedupe.Detector, st *stats) error {
	var before []dedupe.Pair // copied only for the text report
	if len(st.excerpts) > 0 {
		before = det.Pairs()
	}
	if n, err := det.Settle(); err != nil || n == 0 || before == nil {
		return err
	}
	byPair := make(map[[2]string][]string, len(before))
	for i, p := range before {
		if i < len(st.excerpts) {
			byPair[[2]string{p.A, p.B}] = st.excerpts[i]
		}
	}
	after := det.Pairs()
	st.excerpts = st.excerpts[:0]
	for _, p := range after {
		st.excerpts = append(st.excerpts, byPair[[2]string{p.A, p.B}])
	}
	return nil
}

// hint returns what to add to the warning err to say which flag lifts it,
// or "".
func hint(err error) string {
	switch {
	case errors.Is(err, corpus.ErrTooLarge):
		return " (see -max-file-size)"
	case errors.Is(err, corpus.ErrLineTooLong):
		return " (see -max-line-size)"
	case errors.Is(err, corpus.ErrSymlinkSkipped):
		return " (see -follow-symlinks)"
	}
	return ""
}

// stats are the run's totals.
type stats struct {
	docs, words, warnings int
	unverified            int // pairs left unverified by the bounds on copies
	skipped               int // documents an -index held already
	bytes                 int64
	excerpts              [][]string // text report: per pair, per passage
}
