package dedupe

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/newsreuse/dedupe/synth"
)

// TestBatchSeeds holds Batch, run over every pair of the seeds (brute
// force, nothing common), to the Detector's pairs.
func TestBatchSeeds(t *testing.T) {
	paths, _ := filepath.Glob("testdata/seeds/*.txt")
	if len(paths) == 0 {
		t.Fatal("no seeds")
	}
	var docs []Document
	for _, p := range paths {
		text, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, Document{ID: p, Text: text})
	}
	checkBatch(t, docs, Options{})
}

// TestBatchNear holds Batch's near-duplicates over every pair of a small
// generated corpus to the Detector's, in near-only mode.
func TestBatchNear(t *testing.T) {
	c := synth.Generate(synth.Options{Seed: 2, Stories: 30})
	var docs []Document
	for _, d := range c.Docs {
		docs = append(docs, Document{ID: d.ID, Text: []byte(d.Text), Time: d.Time})
	}
	checkBatch(t, docs, Options{NearOnly: true, Threshold: 0.5})
}

// checkBatch compares Batch on every pair of docs with a Detector.
func checkBatch(t *testing.T, docs []Document, o Options) {
	t.Helper()
	b, err := NewBatch(o)
	if err != nil {
		t.Fatal(err)
	}
	d := New(o)
	var entries [][]byte
	for _, doc := range docs {
		e, err := b.Encode(nil, doc)
		if err != nil {
			t.Fatal(err)
		}
		entries = append(entries, e)
		if _, err := d.Add(doc); err != nil {
			t.Fatal(err)
		}
	}
	want := map[[2]string]Match{}
	for p := range d.AllPairs() {
		want[[2]string{p.A, p.B}] = p.Match
	}
	got := 0
	for j := range entries {
		for i := range j {
			jd, ok, err := b.Judge(entries[i], entries[j], true, nil)
			if err != nil {
				t.Fatal(err)
			}
			if !ok {
				continue
			}
			got++
			m, found := want[[2]string{jd.Pair.A, jd.Pair.B}]
			if !found {
				t.Errorf("extra pair %s %s", jd.Pair.A, jd.Pair.B)
				continue
			}
			if m.Jaccard != jd.Pair.Match.Jaccard || len(m.Passages) != len(jd.Pair.Match.Passages) {
				t.Errorf("pair %s %s: %+v, want %+v", jd.Pair.A, jd.Pair.B, jd.Pair.Match, m)
				continue
			}
			for k := range m.Passages {
				if m.Passages[k] != jd.Pair.Match.Passages[k] {
					t.Errorf("pair %s %s: passage %+v, want %+v", jd.Pair.A, jd.Pair.B, jd.Pair.Match.Passages[k], m.Passages[k])
				}
			}
		}
	}
	if got != len(want) || got == 0 {
		t.Errorf("%d pairs, want the Detector's %d (and some)", got, len(want))
	}
}

func TestBatchBadEntry(t *testing.T) {
	b, err := NewBatch(Options{})
	if err != nil {
		t.Fatal(err)
	}
	e, err := b.Encode(nil, Document{ID: "x", Text: []byte("one two three four five six seven")})
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range [][]byte{nil, e[:len(e)/2], append(e[:len(e):len(e)], 0)} {
		if _, err := b.Keys(bad); err == nil {
			t.Errorf("Keys(%x): no error", bad)
		}
		if _, _, err := b.Verify(e, bad, true); err == nil {
			t.Errorf("Verify(%x): no error", bad)
		}
	}
	if _, err := NewBatch(Options{Shingle: -1}); err == nil {
		t.Error("NewBatch with Shingle -1: no error")
	}
}

// TestBatchTemplateNotStrong: two earnings stories from one template,
// aligned over 144 words with their group's shared footer, are no
// strong link (Check.Strong), as the Detector, which masks the footer
// first, finds them no strong link either. Strong links between them joined
// template stories into clusters, inside which their stock text was no
// longer common (beam's TestSynth: F1 against the truth 0.969).
func TestBatchTemplateNotStrong(t *testing.T) {
	c := synth.Generate(synth.Options{Seed: 1, Stories: 340})
	b, err := NewBatch(Options{})
	if err != nil {
		t.Fatal(err)
	}
	d := New(Options{})
	entries := map[string][]byte{}
	for _, doc := range c.Docs {
		x := Document{ID: doc.ID, Text: []byte(doc.Text), Time: doc.Time}
		if entries[doc.ID], err = b.Encode(nil, x); err != nil {
			t.Fatal(err)
		}
		if _, err := d.Add(x); err != nil {
			t.Fatal(err)
		}
	}
	linked := map[[2]string]int{} // words
	for p := range d.AllPairs() {
		for _, x := range p.Match.Passages {
			linked[[2]string{p.A, p.B}] += x.Words
		}
	}
	reused := map[[2]string]bool{}
	for _, r := range c.Reuses {
		reused[[2]string{r.A, r.B}] = true
	}
	for _, p := range [][2]string{{"d0000500", "d0000828"}, {"d0000828", "d0001824"}} {
		if reused[p] {
			t.Fatalf("%v reuse text in the generated corpus", p)
		}
		if linked[p] >= strongWords {
			t.Fatalf("the Detector links %v by %d words", p, linked[p])
		}
		ch, ok, err := b.Verify(entries[p[0]], entries[p[1]], true)
		if err != nil || !ok {
			t.Fatalf("%v: Verify %v, %v", p, ok, err)
		}
		if ch.Strong {
			t.Errorf("%v: a strong link of %d words", p, ch.Link.Words)
		}
	}
}
