package dedupe

import (
	"fmt"
	"testing"
)

// BenchmarkAdd adds the seed articles, each repeated under new IDs with a
// changed first word, to one Detector: the cost of one Add as the index
// grows (b.N documents).
func BenchmarkAdd(b *testing.B) {
	docs := readSeeds(b)
	var size int64
	for _, d := range docs {
		size += int64(len(d.Text))
	}
	d := New(Options{})
	b.SetBytes(size / int64(len(docs)))
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		src := docs[i%len(docs)]
		text := append([]byte(fmt.Sprintf("Copy %d. ", i)), src.Text...)
		if _, err := d.Add(Document{ID: fmt.Sprint(i), Text: text}); err != nil {
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
