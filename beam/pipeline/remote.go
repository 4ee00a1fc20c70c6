package pipeline

import (
	"context"
	"fmt"
	"io"
	"os"
	"path"
	"slices"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"
)

// Remote inputs: files of a Beam filesystem (gs://, s3://, memfs://) are
// listed through it when the pipeline is built, and each is copied by the
// worker that reads it into a temporary folder, under its own base name
// (so that its extensions say its format and compression, as a local
// file's do), read there by the corpus package, and removed.

// remote reports whether path names a file of a Beam filesystem other
// than the local disk: it has a scheme ("gs://...").
func remote(path string) bool {
	scheme, _, ok := strings.Cut(path, "://")
	return ok && scheme != "" && !strings.ContainsAny(scheme, `/\`)
}

// list returns the files matching pattern in the filesystem of its
// scheme, sorted.
func list(ctx context.Context, pattern string) ([]string, error) {
	fs, err := filesystem.New(ctx, pattern)
	if err != nil {
		return nil, err
	}
	defer fs.Close()
	ms, err := fs.List(ctx, pattern)
	slices.Sort(ms)
	return ms, err
}

// fetch copies the remote file name into a new temporary folder and
// returns the local copy's path and a function that removes it. A text
// or HTML file (not JSON lines) larger than maxSize bytes is not copied:
// it returns an error naming the file and the limit.
func fetch(ctx context.Context, name string, maxSize int64) (string, func(), error) {
	fs, err := filesystem.New(ctx, name)
	if err != nil {
		return "", nil, fmt.Errorf("pipeline: %s: %w", name, err)
	}
	defer fs.Close()
	base := path.Base(name)
	if !strings.Contains(strings.ToLower(base), ".jsonl") {
		size, err := fs.Size(ctx, name)
		if err != nil {
			return "", nil, fmt.Errorf("pipeline: %s: %w", name, err)
		}
		if size > maxSize {
			return "", nil, fmt.Errorf("pipeline: %s: %d bytes, over the limit of %d (--max-file-size)", name, size, maxSize)
		}
	}
	dir, err := os.MkdirTemp("", "dedupebeam")
	if err != nil {
		return "", nil, fmt.Errorf("pipeline: %w", err)
	}
	done := func() { os.RemoveAll(dir) }
	local := path.Join(dir, base)
	if err := copyFile(ctx, fs, name, local); err != nil {
		done()
		return "", nil, fmt.Errorf("pipeline: %s: %w", name, err)
	}
	return local, done, nil
}

// copyFile copies the file name of fs to the local path local.
func copyFile(ctx context.Context, fs filesystem.Interface, name, local string) error {
	r, err := fs.OpenRead(ctx, name)
	if err != nil {
		return err
	}
	defer r.Close()
	w, err := os.Create(local)
	if err != nil {
		return err
	}
	if _, err := io.Copy(w, r); err != nil {
		w.Close()
		return err
	}
	return w.Close()
}
