package gunzip

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"testing"

	kgzip "github.com/klauspost/compress/gzip"
)

// reutersPath is Reuters-21578's JSON lines, gzipped, beside the checkout.
const reutersPath = "../../../shared/corpora/reuters-21578/reuters21578.jsonl.gz"

// BenchmarkInflate reads gzip streams with this package, klauspost's and
// the standard library's: Reuters-21578's 21 MB of JSON lines (when
// ../shared/corpora has it) and the tests' 2 MB of generated news.
func BenchmarkInflate(b *testing.B) {
	streams := map[string][]byte{"news": compressGzip(b, texts()["news"], 6, gzip.Header{})}
	if raw, err := os.ReadFile(reutersPath); err == nil {
		streams["reuters"] = raw
	}
	readers := map[string]func(io.Reader) (io.Reader, error){
		"gunzip":    func(r io.Reader) (io.Reader, error) { return NewReader(r) },
		"klauspost": func(r io.Reader) (io.Reader, error) { return kgzip.NewReader(r) },
		"stdlib":    func(r io.Reader) (io.Reader, error) { return gzip.NewReader(r) },
	}
	buf := make([]byte, 64<<10)
	for sname, stream := range streams {
		want, err := oracle(stream)
		if err != nil {
			b.Fatal(err)
		}
		for rname, open := range readers {
			b.Run(sname+"/"+rname, func(b *testing.B) {
				b.SetBytes(int64(len(want)))
				for b.Loop() {
					z, err := open(bytes.NewReader(stream))
					if err != nil {
						b.Fatal(err)
					}
					for err == nil {
						_, err = z.Read(buf)
					}
					if err != io.EOF {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
