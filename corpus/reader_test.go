package corpus

import (
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestReaderFolder(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"a.txt":            "alpha",
		"b.md":             "# beta",
		"c.html":           "<p>gamma</p>",
		"d.htm":            "<p>delta</p>",
		"e.txt.gz":         gz("echo"),
		"f.html.gz":        gz("<b>foxtrot</b>"),
		"g.jsonl":          `{"id":"g1","text":"golf"}` + "\n\n" + `{"id":"g2","text":"hotel","time":"2024-05-12T09:30:00+02:00"}` + "\n",
		"h.jsonl.gz":       gz(`{"id":"h1","text":"india","time":1715500000}`),
		"empty.txt":        "",
		"Upper.TXT":        "upper",
		"sub/z.txt":        "zulu",
		"sub/deeper/y.txt": "yankee",
		"skip.pdf":         "%PDF",
		"README":           "no extension",
		"data.json":        `{"id":"x","text":"not jsonl"}`,
		".hidden.txt":      "hidden",
		".git/x.txt":       "hidden folder",
	})
	docs, warns := readAllDocs(t, []string{dir}, Options{})
	for _, w := range warns {
		t.Errorf("warning: %v", w)
	}
	want := []struct {
		id, path, content string
		line              int
		format            Format
	}{
		{"Upper.TXT", "Upper.TXT", "upper", 0, Text},
		{"a.txt", "a.txt", "alpha", 0, Text},
		{"b.md", "b.md", "# beta", 0, Text},
		{"c.html", "c.html", "<p>gamma</p>", 0, HTML},
		{"d.htm", "d.htm", "<p>delta</p>", 0, HTML},
		{"e.txt.gz", "e.txt.gz", "echo", 0, Text},
		{"empty.txt", "empty.txt", "", 0, Text},
		{"f.html.gz", "f.html.gz", "<b>foxtrot</b>", 0, HTML},
		{"g1", "g.jsonl", "golf", 1, Text},
		{"g2", "g.jsonl", "hotel", 3, Text},
		{"h1", "h.jsonl.gz", "india", 1, Text},
		{"sub/deeper/y.txt", "sub/deeper/y.txt", "yankee", 0, Text},
		{"sub/z.txt", "sub/z.txt", "zulu", 0, Text},
	}
	if len(docs) != len(want) {
		t.Fatalf("got %d docs %v, want %d", len(docs), ids2(docs), len(want))
	}
	for i, w := range want {
		d := docs[i]
		wantPath := filepath.Join(dir, filepath.FromSlash(w.path))
		if d.ID != w.id || d.Path != wantPath || string(d.Content) != w.content || d.Line != w.line || d.Format != w.format {
			t.Errorf("doc %d = {%q %q %q line %d %v}, want {%q %q %q line %d %v}",
				i, d.ID, d.Path, d.Content, d.Line, d.Format, w.id, wantPath, w.content, w.line, w.format)
		}
	}
	if got, want := docs[9].Time, time.Date(2024, 5, 12, 9, 30, 0, 0, time.FixedZone("", 2*3600)); !got.Equal(want) {
		t.Errorf("g2 time = %v, want %v", got, want)
	}
	if got, want := docs[10].Time, time.Unix(1715500000, 0).UTC(); !got.Equal(want) || got.Location() != time.UTC {
		t.Errorf("h1 time = %v, want %v", got, want)
	}
	if !docs[0].Time.IsZero() {
		t.Errorf("file doc has time %v", docs[0].Time)
	}
}

func TestReaderArgs(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"docs/a.txt":  "alpha",
		"docs/b.txt":  "bravo",
		"notes.data":  "explicit unknown extension",
		"x.gz":        gz("gzipped, no inner extension"),
		"misnamed.md": gz("gzipped, named as text"),
		"list.jsonl":  `{"id":1,"text":"one"}` + "\n" + `{"id":2.5e1,"text":"twenty-five"}`,
		".hidden.txt": "named explicitly, so read",
	})
	t.Chdir(dir)
	docs, warns := readAllDocs(t, []string{"notes.data", "./docs/", "x.gz", "misnamed.md", "list.jsonl", ".hidden.txt", "docs/b.txt"}, Options{})
	for _, w := range warns {
		t.Errorf("warning: %v", w)
	}
	want := []string{
		"notes.data notes.data explicit unknown extension",
		"a.txt docs/a.txt alpha",
		"b.txt docs/b.txt bravo",
		"x.gz x.gz gzipped, no inner extension",
		"misnamed.md misnamed.md gzipped, named as text",
		"1 list.jsonl one",
		"25 list.jsonl twenty-five",
		".hidden.txt .hidden.txt named explicitly, so read",
		"docs/b.txt docs/b.txt bravo", // a different ID from the folder's "b.txt"
	}
	var got []string
	for _, d := range docs {
		got = append(got, fmt.Sprintf("%s %s %s", d.ID, filepath.ToSlash(d.Path), d.Content))
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestReaderWarnings(t *testing.T) {
	var full strings.Builder
	for i := range 300 {
		fmt.Fprintf(&full, `{"id":"t%03d","text":"%d %x %o"}`+"\n", i, i*i*7919, i*104729, i*i*i)
	}
	gzFull := gz(full.String())
	dir := writeTree(t, map[string]string{
		"00good.txt":     "good",
		"bin.txt":        "0123456789abcdefg\x00",
		"latin1.txt":     "caf\xe9 au lait",
		"latin1.html":    "<p>caf\xe9</p>", // HTML is not checked: markup reads U+FFFD
		"notgz.txt.gz":   "plain text",
		"empty.txt.gz":   "",
		"trunc.txt.gz":   gz("short")[:len(gz("short"))-4],
		"trunc.jsonl.gz": gzFull[:len(gzFull)-30],
		"big.txt":        strings.Repeat("x", 21),
		"bigz.txt.gz":    gz(strings.Repeat("x", 21)),
		"zz.txt":         "last good",
	})
	zz := filepath.Join(dir, "zz.txt")
	docs, warns := readAllDocs(t, []string{dir, filepath.Join(dir, "nope.txt"), zz, zz}, Options{MaxFileSize: 20})
	// The truncated JSON lines file gives the documents before the break.
	var got []string
	n := 0
	for _, d := range docs {
		if d.ID == fmt.Sprintf("t%03d", n) {
			n++
			continue
		}
		got = append(got, d.ID)
	}
	if n == 0 || n >= 300 {
		t.Errorf("read %d documents of the truncated JSON lines, want some but not all 300", n)
	}
	if want := "00good.txt latin1.html latin1.txt zz.txt " + zz; strings.Join(got, " ") != want {
		t.Errorf("docs = %q, want %q", strings.Join(got, " "), want)
	}
	tests := []wantWarning{
		{"big.txt", ErrTooLarge, "file too large"},
		{"bigz.txt.gz", ErrTooLarge, "file too large"},
		{"bin.txt", ErrBinary, "binary file (NUL byte at offset 17)"},
		{"empty.txt.gz", gzip.ErrHeader, "gzip: invalid header"},
		{"latin1.txt", ErrInvalidUTF8Replaced, "invalid UTF-8 at byte 3; read as U+FFFD"},
		{"notgz.txt.gz", gzip.ErrHeader, "gzip: invalid header"},
		{"trunc.jsonl.gz", ErrTruncated, "gzip: truncated stream"},
		{"trunc.txt.gz", ErrTruncated, "gzip: truncated stream"},
		{"nope.txt", fs.ErrNotExist, "stat: no such file or directory"},
		{"zz.txt", ErrDuplicateID, `duplicate ID "` + filepath.Join(dir, "zz.txt") + `"`},
	}
	checkWarnings(t, dir, warns, tests)
	// The duplicate names both places.
	if len(warns) == len(tests) {
		w := warns[len(warns)-1].Error()
		if want := fmt.Sprintf("(first seen at %s)", filepath.Join(dir, "zz.txt")); !strings.HasSuffix(w, want) {
			t.Errorf("duplicate warning %q does not end with %q", w, want)
		}
	}
}

func TestReaderUnreadable(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root reads files whatever their permissions")
	}
	dir := writeTree(t, map[string]string{"a.txt": "a", "locked.txt": "x", "sub/b.txt": "b"})
	if err := os.Chmod(filepath.Join(dir, "locked.txt"), 0); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(filepath.Join(dir, "sub"), 0); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(filepath.Join(dir, "sub"), 0o755)
	docs, warns := readAllDocs(t, []string{dir}, Options{})
	if len(docs) != 1 || docs[0].ID != "a.txt" {
		t.Errorf("docs = %v, want a.txt", ids2(docs))
	}
	if len(warns) != 2 || !errors.Is(warns[0], fs.ErrPermission) || !errors.Is(warns[1], fs.ErrPermission) {
		t.Errorf("warnings = %v, want two permission errors", warns)
	}
}

func TestReaderSymlinks(t *testing.T) {
	dir := writeTree(t, map[string]string{"real/a.txt": "a", "other/b.txt": "b", "other/sub/c.txt": "c"})
	for _, l := range [][2]string{
		{"other", "real/link"},        // to a folder
		{"other/b.txt", "real/b.txt"}, // to a file
		{"other", "other/sub/loop"},   // to a folder being walked
		{"missing.txt", "real/x.txt"}, // dangling
	} {
		if err := os.Symlink(filepath.Join(dir, l[0]), filepath.Join(dir, l[1])); err != nil {
			t.Skip("no symbolic links:", err)
		}
	}
	real := filepath.Join(dir, "real")
	docs, warns := readAllDocs(t, []string{real}, Options{})
	if got := strings.Join(ids2(docs), " "); got != "a.txt b.txt" {
		t.Errorf("without FollowSymlinks: docs %q, want %q", got, "a.txt b.txt")
	}
	if len(warns) != 2 || !errors.Is(warns[0], ErrSymlinkSkipped) || !strings.HasSuffix(warns[0].Error(), filepath.Join("real", "link")+": symbolic link to a folder not followed") || !errors.Is(warns[1], fs.ErrNotExist) {
		t.Errorf("without FollowSymlinks: warnings %v, want the link to a folder and the dangling link", warns)
	}
	docs, warns = readAllDocs(t, []string{real}, Options{FollowSymlinks: true})
	if got, want := strings.Join(ids2(docs), " "), "a.txt b.txt link/b.txt link/sub/c.txt"; got != want {
		t.Errorf("with FollowSymlinks: docs %q, want %q", got, want)
	}
	if len(warns) != 2 || !errors.Is(warns[0], ErrSymlinkLoop) || !strings.Contains(warns[0].Error(), filepath.Join("link", "sub", "loop")) || !errors.Is(warns[1], fs.ErrNotExist) {
		t.Errorf("with FollowSymlinks: warnings %v, want a loop at link/sub/loop and the dangling link", warns)
	}
}

func TestReaderClose(t *testing.T) {
	dir := writeTree(t, map[string]string{"a.jsonl": `{"id":"1","text":"a"}` + "\n" + `{"id":"2","text":"b"}`})
	r := NewReader([]string{dir}, Options{})
	if !r.Scan() || r.Doc().ID != "1" {
		t.Fatal("first Scan failed")
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	if r.Scan() {
		t.Error("Scan after Close returned true")
	}
	if d := r.Doc(); d.ID != "" {
		t.Errorf("Doc after Close = %+v", d)
	}
}

func TestErrorMessage(t *testing.T) {
	tests := []struct {
		err  *Error
		want string
	}{
		{&Error{Path: "docs/a.txt", Err: fmt.Errorf("%w (invalid byte at offset 1234)", ErrNotUTF8)}, "corpus: docs/a.txt: not UTF-8 text (invalid byte at offset 1234)"},
		{&Error{Path: "x.jsonl", Line: 13, Err: ErrMissingID}, `corpus: x.jsonl:13: missing "id"`},
		{&Error{Path: "x.jsonl.gz", Err: gzip.ErrHeader}, "corpus: x.jsonl.gz: gzip: invalid header"},
		{&Error{Path: "a", Err: &fs.PathError{Op: "open", Path: "a", Err: fs.ErrPermission}}, "corpus: a: open: permission denied"},
		{&Error{Path: "a", Err: streamError(gzipped, io.ErrUnexpectedEOF, false)}, "corpus: a: gzip: truncated stream: unexpected EOF"},
		{&Error{Path: "a", Err: streamError(zstandard, io.ErrUnexpectedEOF, false)}, "corpus: a: zstd: truncated stream: unexpected EOF"},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
}

func ids2(docs []Doc) []string {
	var s []string
	for _, d := range docs {
		s = append(s, d.ID)
	}
	return s
}

// TestReaderZstd reads Zstandard files as gzipped ones are read: by name
// or by magic bytes, one frame or several, and warns of bad ones by name.
func TestReaderZstd(t *testing.T) {
	// Enough lines for several zstd blocks (of up to 128 KiB): a
	// truncated stream gives the blocks before the break.
	const lines = 8000
	var full strings.Builder
	for i := range lines {
		fmt.Fprintf(&full, `{"id":"z%04d","text":"%d %x %o"}`+"\n", i, i*i*7919, i*104729, i*i*i)
	}
	zFull := zst(full.String())
	dir := writeTree(t, map[string]string{
		"a.txt.zst":       zst("one frame"),
		"b.md":            zst("named as text"),
		"c.jsonl.zstd":    zst(`{"id":"c1","text":"first frame"}`+"\n") + zst(`{"id":"c2","text":"second frame"}`),
		"big.txt.zst":     zst(strings.Repeat("x", 31)),
		"empty.txt.zst":   "",
		"notzst.txt.zst":  "plain text",
		"trunc.txt.zst":   zst("short text")[:len(zst("short text"))-4],
		"trunc.jsonl.zst": zFull[:len(zFull)/2],
	})
	docs, warns := readAllDocs(t, []string{dir}, Options{MaxFileSize: 30})
	var got []string
	n := 0
	for _, d := range docs {
		if d.ID == fmt.Sprintf("z%04d", n) {
			n++
			continue
		}
		got = append(got, d.ID+"="+string(d.Content))
	}
	if n == 0 || n >= lines {
		t.Errorf("read %d documents of the truncated JSON lines, want some but not all %d", n, lines)
	}
	if want := "a.txt.zst=one frame b.md=named as text c1=first frame c2=second frame"; strings.Join(got, " ") != want {
		t.Errorf("docs = %q, want %q", strings.Join(got, " "), want)
	}
	checkWarnings(t, dir, warns, []wantWarning{
		{"big.txt.zst", ErrTooLarge, "file too large"},
		{"empty.txt.zst", nil, "zstd: invalid header (empty file)"},
		{"notzst.txt.zst", nil, "zstd: "},
		{"trunc.jsonl.zst", ErrTruncated, "zstd: truncated stream"},
		{"trunc.txt.zst", ErrTruncated, "zstd: truncated stream"},
	})
}

// A wantWarning is a warning a test expects: about file (in the test's
// folder, with ":LINE" for a line), wrapping is (unless nil), its message
// containing msg.
type wantWarning struct {
	file string
	is   error
	msg  string
}

// checkWarnings checks warns against want, in order: each an *Error naming
// the file's path.
func checkWarnings(t *testing.T, dir string, warns []error, want []wantWarning) {
	t.Helper()
	if len(warns) != len(want) {
		t.Errorf("got %d warnings, want %d:", len(warns), len(want))
		for _, w := range warns {
			t.Log(w)
		}
	}
	for i, tt := range want[:min(len(want), len(warns))] {
		w := warns[i]
		var e *Error
		file, line, _ := strings.Cut(tt.file, ":")
		wantPath := filepath.Join(dir, file)
		where := wantPath
		if line != "" {
			where += ":" + line
		}
		if !errors.As(w, &e) || e.Path != wantPath || tt.is != nil && !errors.Is(w, tt.is) || !strings.Contains(w.Error(), tt.msg) || !strings.HasPrefix(w.Error(), "corpus: "+where+": ") {
			t.Errorf("warning %d = %v, want %q naming %s and wrapping %v", i, w, tt.msg, wantPath, tt.is)
		}
	}
}

// TestReaderFolderIDs: with more than one folder argument, IDs start with
// the folder as given, so the same name in two folders is two documents;
// with one, they stay relative to it.
func TestReaderFolderIDs(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"outletA/story.txt":     "alpha",
		"outletB/story.txt":     "alpha again",
		"outletB/sub/other.txt": "bravo",
		"single.txt":            "charlie",
	})
	t.Chdir(dir)
	tests := []struct {
		args []string
		want []string
	}{
		{[]string{"outletA", "./outletB/", "single.txt"}, []string{"outletA/story.txt", "outletB/story.txt", "outletB/sub/other.txt", "single.txt"}},
		{[]string{filepath.Join(dir, "outletA"), "outletB"}, []string{filepath.ToSlash(filepath.Join(dir, "outletA")) + "/story.txt", "outletB/story.txt", "outletB/sub/other.txt"}},
		{[]string{"outletB", "single.txt"}, []string{"story.txt", "sub/other.txt", "single.txt"}},
		{[]string{"outletB", "missing"}, []string{"story.txt", "sub/other.txt"}},
	}
	for _, tt := range tests {
		docs, _ := readAllDocs(t, tt.args, Options{})
		var got []string
		for _, d := range docs {
			got = append(got, d.ID)
		}
		if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
			t.Errorf("%q: got IDs %q, want %q", tt.args, got, tt.want)
		}
	}
}
