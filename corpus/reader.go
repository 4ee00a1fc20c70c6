package corpus

import (
	"bufio"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
)

// Options configure a [Reader]. The zero Options are usable.
type Options struct {
	// Warn is called, during Scan, with an [*Error] for each problem found:
	// see the package documentation. nil discards warnings.
	Warn func(error)

	// MaxFileSize is the largest text or HTML document read, in bytes,
	// counted after gunzip; larger files are skipped with ErrTooLarge.
	// 0 means 256 MiB; negative means no limit. JSON lines files are
	// streamed and limited only by MaxLineSize per line.
	MaxFileSize int64

	// MaxLineSize is the longest JSON line read, in bytes; longer lines
	// are skipped with ErrLineTooLong, without being held in memory.
	// 0 means the constant [MaxLineSize] (64 MiB); negative means no limit,
	// in which case each line is held whole.
	MaxLineSize int

	// MaxWarnings is how many warnings one file gets: after it, further
	// problems with the file's lines are counted, and one ErrMoreProblems
	// warning at the end of the file gives their number. Warnings about the
	// file as a whole (ErrGivenUp, ErrTruncated, ErrInvalidUTF8Replaced, ...)
	// are always given. 0 means [DefaultMaxWarnings] (10); negative means
	// no limit.
	MaxWarnings int

	// FollowSymlinks makes folder walks descend into symbolic links to
	// folders, skipping links that lead back into a folder being walked
	// (ErrSymlinkLoop). Links to files are always read; links to folders
	// are otherwise skipped with ErrSymlinkSkipped.
	FollowSymlinks bool

	// Decoders is how many goroutines decode JSON lines ahead of Scan,
	// with one more reading and gunzipping the file, so that Scan only
	// checks IDs: on two cores, JSON lines are read 1.6 to 1.7 times as
	// fast (BenchmarkReaderJSONL). 0 decodes on the goroutine that calls
	// Scan. Other files are read as before. The documents and warnings,
	// and their order, are the same either way. Reading ahead holds at
	// most 4·Decoders+8 blocks of about 256 KiB of lines (with their
	// documents), 5 MB for two decoders; call Close to stop early.
	Decoders int

	// Stdin is read for the path "-": see the package documentation. nil
	// means os.Stdin.
	Stdin io.Reader
}

func (o *Options) maxFileSize() int64 {
	switch {
	case o.MaxFileSize == 0:
		return 256 << 20
	case o.MaxFileSize < 0:
		return 1 << 62
	}
	return o.MaxFileSize
}

func (o *Options) maxLineSize() int {
	switch {
	case o.MaxLineSize == 0:
		return maxLine
	case o.MaxLineSize < 0:
		return math.MaxInt
	}
	return o.MaxLineSize
}

func (o *Options) maxWarnings() int {
	switch {
	case o.MaxWarnings == 0:
		return DefaultMaxWarnings
	case o.MaxWarnings < 0:
		return math.MaxInt
	}
	return o.MaxWarnings
}

// A Reader reads documents from files and folders, in a deterministic
// order: arguments in order, folders walked recursively in lexical order,
// JSON lines in file order. It streams: it holds one text or HTML document,
// or one JSON line, at a time, plus the set of IDs seen so far (to skip
// duplicates) and one open file.
//
// Use it like a [bufio.Scanner]:
//
//	r := corpus.NewReader(paths, corpus.Options{Warn: warn})
//	defer r.Close()
//	for r.Scan() {
//		d := r.Doc()
//		...
//	}
//	if err := r.Err(); err != nil { ... }
//
// A Reader is not safe for concurrent use.
type Reader struct {
	opts  Options
	paths []string
	next  int       // index in paths of the next argument
	walk  []frame   // folders being walked, innermost last
	jl    lines     // the JSON lines file being read, if file != nil
	file  io.Closer // the JSON lines file or standard input being read
	ids   ids
	doc   Doc
	err   error
	done  bool
	// folders is how many arguments are folders, counted at the first
	// one: with more than one, IDs name their folder argument.
	folders int

	in  *bufio.Reader // reused for compressed documents
	unz decompressor
}

// A frame is a folder being walked.
type frame struct {
	dir     string // as the user can find it
	rel     string // slash-separated, relative to the folder argument
	entries []fs.DirEntry
	info    fs.FileInfo // for loop detection, with FollowSymlinks
}

// NewReader returns a Reader of the documents in paths, each a file or a
// folder. It does no I/O until Scan.
func NewReader(paths []string, opts Options) *Reader {
	if opts.Warn == nil {
		opts.Warn = func(error) {}
	}
	return &Reader{opts: opts, paths: paths}
}

// Scan advances to the next document, which Doc then returns. It returns
// false at the end of the input, or after Close. Problems with the input are
// passed to Options.Warn, and Scan goes on with the next document.
func (r *Reader) Scan() bool {
	r.doc = Doc{}
	for !r.done {
		switch {
		case r.file != nil:
			d, ok := r.jl.next()
			if !ok {
				r.closeFile()
				continue
			}
			if err := r.ids.add(&d); err != nil {
				r.jl.t.problem(err)
				continue
			}
			r.doc = d
			return true
		case len(r.walk) > 0:
			if r.walkNext() {
				return true
			}
		case r.next < len(r.paths):
			r.next++
			if r.arg(r.paths[r.next-1]) {
				return true
			}
		default:
			r.done = true
		}
	}
	return false
}

// Doc returns the document found by the last successful call to Scan.
func (r *Reader) Doc() Doc { return r.doc }

// Err returns the first error that stopped the Reader early. Problems with
// the input are not errors but warnings, so Err is nil unless something
// outside the input went wrong; it is there so that callers check.
func (r *Reader) Err() error { return r.err }

// Close releases the open file, if any; later calls to Scan return false.
// Close is needed only to stop before Scan has returned false.
func (r *Reader) Close() error {
	r.done = true
	err := r.closeFile()
	r.unz.close()
	r.jl.unz.close()
	return err
}

func (r *Reader) closeFile() error {
	if r.file == nil {
		return nil
	}
	r.jl.stop()
	err := r.file.Close()
	r.file = nil
	return err
}

func (r *Reader) warn(p string, err error) {
	r.opts.Warn(&Error{Path: p, Err: err})
}

// arg starts reading the command-line argument p. It reports whether it
// set r.doc.
func (r *Reader) arg(p string) bool {
	if p == "-" {
		return r.stdin()
	}
	fi, err := os.Stat(p)
	if err != nil {
		r.warn(p, err)
		return false
	}
	if fi.IsDir() {
		rel := ""
		if r.countFolders() > 1 {
			rel = filepath.ToSlash(filepath.Clean(p))
		}
		r.push(p, rel, fi)
		return false
	}
	// A pipe or device named as a path is read as the user asked
	// (dedupe <(zcat feed.gz), /dev/stdin); a socket cannot be.
	if !fi.Mode().IsRegular() && fi.Mode()&(fs.ModeNamedPipe|fs.ModeCharDevice) == 0 {
		r.warn(p, notRegular(fi.Mode()))
		return false
	}
	k, c := fileKind(p, true)
	return r.open(p, p, k, c)
}

// countFolders returns how many of the arguments are folders, counting
// them the first time.
func (r *Reader) countFolders() int {
	if r.folders == 0 {
		for _, p := range r.paths {
			if fi, err := os.Stat(p); p != "-" && err == nil && fi.IsDir() {
				r.folders++
			}
		}
	}
	return r.folders
}

// push starts walking the folder dir.
func (r *Reader) push(dir, rel string, info fs.FileInfo) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		r.warn(dir, err) // and walk what could be read
	}
	r.walk = append(r.walk, frame{dir: dir, rel: rel, entries: entries, info: info})
}

// walkNext visits the next entry of the innermost folder being walked. It
// reports whether it set r.doc.
func (r *Reader) walkNext() bool {
	f := &r.walk[len(r.walk)-1]
	if len(f.entries) == 0 {
		r.walk[len(r.walk)-1] = frame{}
		r.walk = r.walk[:len(r.walk)-1]
		return false
	}
	e := f.entries[0]
	f.entries = f.entries[1:]
	name := e.Name()
	if strings.HasPrefix(name, ".") {
		return false
	}
	p, rel := filepath.Join(f.dir, name), path.Join(f.rel, name)
	t := e.Type()
	if t&fs.ModeSymlink != 0 {
		fi, err := os.Stat(p)
		if err != nil {
			r.warn(p, err)
			return false
		}
		if fi.IsDir() {
			if r.opts.FollowSymlinks {
				r.follow(p, rel, fi)
			} else {
				r.warn(p, ErrSymlinkSkipped)
			}
			return false
		}
		t = fi.Mode().Type()
	}
	switch {
	case t.IsDir():
		var fi fs.FileInfo
		if r.opts.FollowSymlinks {
			fi, _ = e.Info() // a real folder: Lstat is Stat
		}
		r.push(p, rel, fi)
	case t.IsRegular():
		if k, c := fileKind(name, false); k != kindSkip {
			return r.open(p, rel, k, c)
		}
	default:
		r.warn(p, notRegular(t))
	}
	return false
}

// notRegular returns the ErrNotRegular error for a file of mode m.
func notRegular(m fs.FileMode) error {
	what := "irregular file"
	switch t := m.Type(); {
	case t&fs.ModeNamedPipe != 0:
		what = "named pipe"
	case t&fs.ModeSocket != 0:
		what = "socket"
	case t&fs.ModeCharDevice != 0:
		what = "character device"
	case t&fs.ModeDevice != 0:
		what = "device"
	}
	return fmt.Errorf("%w (%s)", ErrNotRegular, what)
}

// follow walks the folder that the symbolic link p leads to, unless that
// folder is being walked already.
func (r *Reader) follow(p, rel string, fi fs.FileInfo) {
	for i := range r.walk {
		f := &r.walk[i]
		if f.info == nil {
			f.info, _ = os.Stat(f.dir)
		}
		if f.info != nil && os.SameFile(f.info, fi) {
			r.warn(p, ErrSymlinkLoop)
			return
		}
	}
	r.push(p, rel, fi)
}

// open reads the file p, whose ID is id (unless it holds JSON lines): it
// sets r.doc to a text or HTML document and reports true, or starts reading
// JSON lines.
func (r *Reader) open(p, id string, k kind, c compression) bool {
	if k == kindJSONL {
		f, err := os.Open(p)
		if err != nil {
			r.warn(p, err)
			return false
		}
		if !r.jl.reset(f, p, c, r.opts.Warn, &r.opts) {
			f.Close()
			return false
		}
		if r.opts.Decoders > 0 {
			r.jl.decode(r.opts.Decoders)
		}
		r.file = f
		return false
	}
	content, err := r.readFile(p, k, c)
	if err != nil {
		r.warn(p, err)
		if content == nil {
			return false
		}
	}
	d := Doc{ID: id, Path: p, Content: content, Format: Text}
	if k == kindHTML {
		d.Format = HTML
	}
	return r.keep(&d)
}

// keep makes d, a text or HTML document, the current document unless its ID
// was seen before.
func (r *Reader) keep(d *Doc) bool {
	if err := r.ids.add(d); err != nil {
		r.opts.Warn(err)
		return false
	}
	r.doc = *d
	return true
}

// ids is the set of document IDs seen, with where each was first seen.
type ids struct {
	seen  map[string]place
	files []string // paths of the places, without repeats in a row
}

type place struct{ file, line int }

// add adds d's ID to the set, or returns an ErrDuplicateID error for d if
// it is there already.
func (s *ids) add(d *Doc) error {
	if p, ok := s.seen[d.ID]; ok {
		first := s.files[p.file]
		if p.line > 0 {
			first += ":" + strconv.Itoa(p.line)
		}
		return &Error{Path: d.Path, Line: d.Line, Err: fmt.Errorf("%w %q (first seen at %s)", ErrDuplicateID, d.ID, first)}
	}
	if s.seen == nil {
		s.seen = make(map[string]place)
	}
	if len(s.files) == 0 || s.files[len(s.files)-1] != d.Path {
		s.files = append(s.files, d.Path)
	}
	s.seen[d.ID] = place{len(s.files) - 1, d.Line}
	return nil
}
