package corpus

import (
	"bytes"
	"compress/gzip"
	"github.com/klauspost/compress/zstd"
	"os"
	"path/filepath"
	"testing"
)

// writeTree creates the files (slash-separated name → content) under a new
// temporary folder and returns it.
func writeTree(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func gz(s string) string {
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	w.Write([]byte(s))
	w.Close()
	return b.String()
}

func zst(s string) string {
	w, err := zstd.NewWriter(nil, zstd.WithEncoderConcurrency(1))
	if err != nil {
		panic(err)
	}
	defer w.Close()
	return string(w.EncodeAll([]byte(s), nil))
}

// readAllDocs reads paths with opts and returns the documents and warnings.
func readAllDocs(t testing.TB, paths []string, opts Options) ([]Doc, []error) {
	t.Helper()
	var warns []error
	opts.Warn = func(err error) { warns = append(warns, err) }
	r := NewReader(paths, opts)
	defer r.Close()
	var docs []Doc
	for r.Scan() {
		docs = append(docs, r.Doc())
	}
	if err := r.Err(); err != nil {
		t.Fatalf("Err() = %v", err)
	}
	return docs, warns
}
