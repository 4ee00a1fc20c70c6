package dedupe

import (
	"testing"

	"github.com/newsreuse/dedupe/synth"
)

// BenchmarkAdd adds the documents of a generated news corpus (wire
// stories, reprints, edited and noisy copies, embedded passages, unrelated
// local and template stories with site chrome) to one Detector, starting a
// new one after 5,000 documents: the cost of one Add, full analysis.
func BenchmarkAdd(b *testing.B) {
	c := synth.Generate(synth.Options{Seed: 1, Stories: 1200})
	docs := c.Docs[:min(len(c.Docs), 5000)]
	var size int64
	for _, d := range docs {
		size += int64(len(d.Text))
	}
	b.SetBytes(size / int64(len(docs)))
	b.ReportAllocs()
	var d *Detector
	i := 0
	for b.Loop() {
		if i%len(docs) == 0 {
			d = New(Options{})
		}
		doc := docs[i%len(docs)]
		if _, err := d.Add(Document{ID: doc.ID, Text: []byte(doc.Text), Time: doc.Time}); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkPrepare measures tokenizing and signing (MinHash, SimHash,
// winnowing) one document.
func BenchmarkPrepare(b *testing.B) {
	docs := readSeeds(b)
	d := New(Options{})
	var size int64
	for _, doc := range docs {
		size += int64(len(doc.Text))
	}
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		for _, doc := range docs {
			d.Prepare(doc)
		}
	}
}

// BenchmarkReadPairs reads every pair of a generated corpus's Detector,
// copied (Pairs) and iterated (AllPairs), and looks each document up
// (Document): per pair, or per document for the lookup.
func BenchmarkReadPairs(b *testing.B) {
	docs := generated(1, 1200)
	d, _ := addAll(b, Options{}, docs)
	n := d.Stats().Pairs
	b.Run("Pairs", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if len(d.Pairs()) != n {
				b.Fatal("pairs changed")
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/pair")
	})
	b.Run("AllPairs", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			passages := 0
			for p := range d.AllPairs() {
				passages += len(p.Match.Passages)
			}
			if passages == 0 {
				b.Fatal("no passages")
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/pair")
	})
	b.Run("Document", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			if _, ok := d.Document(docs[i%len(docs)].ID); !ok {
				b.Fatal("missing")
			}
			i++
		}
	})
}
