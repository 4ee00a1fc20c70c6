package sets_test

import (
	"compress/gzip"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/newsreuse/dedupe"
	"github.com/newsreuse/dedupe/bench/internal/exact"
	"github.com/newsreuse/dedupe/bench/internal/sets"
	"github.com/newsreuse/dedupe/synth"
)

// TestSameAsDedupe checks that the kit's shingle sets are dedupe's: the
// exact Jaccard of two documents' sets equals the one dedupe reports.
func TestSameAsDedupe(t *testing.T) {
	c := synth.Generate(synth.Options{Seed: 2, Stories: 30})
	det := dedupe.New(dedupe.Options{})
	var b sets.Builder
	src := c.Docs[0]
	compared := 0
	for _, d := range c.Docs[1:] {
		a := dedupe.Document{ID: src.ID, Text: []byte(src.Text)}
		x := dedupe.Document{ID: d.ID, Text: []byte(d.Text)}
		want := det.Compare(a, x).Jaccard
		got := exact.Jaccard(b.Set(a.Text), b.Set(x.Text))
		if math.Abs(got-want) > 1e-12 {
			t.Fatalf("Jaccard(%s, %s) = %v, dedupe says %v", src.ID, d.ID, got, want)
		}
		if want > 0 {
			compared++
		}
		if c.Source[d.ID] != "" {
			src = c.Docs[0]
			for _, o := range c.Docs {
				if o.ID == c.Source[d.ID] {
					src = o
				}
			}
		}
	}
	if compared < 10 {
		t.Errorf("only %d comparisons with shared shingles", compared)
	}
}

func TestSet(t *testing.T) {
	var b sets.Builder
	if s := b.Set([]byte(" ... ")); s != nil {
		t.Errorf("Set of no words = %v, want nil", s)
	}
	if s := b.Set([]byte("Two words")); len(s) != 1 {
		t.Errorf("Set of two words has %d shingles, want 1", len(s))
	}
	s := b.Set([]byte("a b c d e f a b c d e f"))
	if len(s) != 6 { // abcde bcdef cdefa defab efabc fabcd
		t.Errorf("Set has %d shingles, want 6 distinct", len(s))
	}
	if x, y := b.Set([]byte("The QUICK brown fox jumps over")), b.Set([]byte("the quick, brown fox - jumps over")); exact.Jaccard(x, y) != 1 {
		t.Errorf("case and punctuation change the set: %v vs %v", x, y)
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "c.jsonl.gz")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	zw := gzip.NewWriter(f)
	zw.Write([]byte(`{"id":"a","text":"one two three four five six"}` + "\n" + `{"id":"b","text":""}` + "\n" + `{"id":"c","text":"One two three four five six!"}` + "\n"))
	zw.Close()
	f.Close()
	c, err := sets.Load([]string{path}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.IDs) != 3 || c.IDs[2] != "c" || c.Bytes != 55 {
		t.Fatalf("Load = %v, %d bytes", c.IDs, c.Bytes)
	}
	if len(c.Sets[0]) != 2 || c.Sets[1] != nil || exact.Jaccard(c.Sets[0], c.Sets[2]) != 1 {
		t.Errorf("sets = %v", c.Sets)
	}
}
