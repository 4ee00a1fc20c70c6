package eval

import (
	"os"
	"path/filepath"
	"testing"
)

// corpusDir returns the folder of a shared corpus
// (<repo root>/../shared/corpora/<name>), or skips the test when it is
// absent.
func corpusDir(t testing.TB, name string) string {
	t.Helper()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	root := wd
	for {
		if _, err := os.Stat(filepath.Join(root, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(root)
		if parent == root {
			t.Skipf("no go.mod above %s; cannot locate shared/corpora", wd)
		}
		root = parent
	}
	dir := filepath.Join(root, "..", "shared", "corpora", name)
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("corpus %s not available (%v); skipping", name, err)
	}
	return dir
}
