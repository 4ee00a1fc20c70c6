package corpus

import (
	"fmt"
	"strings"
	"testing"
)

// article returns about 3 KB of news-like text.
func article(i int) string {
	var b strings.Builder
	for j := range 20 {
		fmt.Fprintf(&b, "Stocks rose %d.%d%% on Tuesday after the central bank held rates, a move traders had expected (%d). ", i%7, j, i*j)
	}
	return b.String()
}

func benchCorpus(b *testing.B, n int, name func(int) string, content func(int) string) (string, int64) {
	files := map[string]string{}
	var size int64
	for i := range n {
		c := content(i)
		files[name(i)] = c
		size += int64(len(c))
	}
	return writeTree(b, files), size
}

func benchRead(b *testing.B, dir string, size int64, want int) {
	for _, n := range []int{0, 2} {
		b.Run(fmt.Sprintf("decoders=%d", n), func(b *testing.B) { benchReadOpts(b, dir, size, want, n) })
	}
}

func benchReadOpts(b *testing.B, dir string, size int64, want, decoders int) {
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		r := NewReader([]string{dir}, Options{Warn: func(err error) { b.Fatal(err) }, Decoders: decoders})
		n := 0
		for r.Scan() {
			n++
		}
		if n != want {
			b.Fatalf("read %d docs, want %d", n, want)
		}
	}
}

func BenchmarkReaderTextFiles(b *testing.B) {
	dir, size := benchCorpus(b, 2000, func(i int) string { return fmt.Sprintf("d%02d/%05d.txt", i%20, i) }, article)
	benchRead(b, dir, size, 2000)
}

func BenchmarkReaderJSONL(b *testing.B) {
	var sb strings.Builder
	for i := range 20000 {
		fmt.Fprintf(&sb, `{"id":"doc-%d","text":%q,"time":%d}`+"\n", i, article(i), 1715500000+i)
	}
	dir, size := benchCorpus(b, 1, func(int) string { return "all.jsonl" }, func(int) string { return sb.String() })
	benchRead(b, dir, size, 20000)
}

func BenchmarkReaderJSONLGzip(b *testing.B) {
	var sb strings.Builder
	for i := range 20000 {
		fmt.Fprintf(&sb, `{"id":"doc-%d","text":%q,"time":%d}`+"\n", i, article(i), 1715500000+i)
	}
	dir, _ := benchCorpus(b, 1, func(int) string { return "all.jsonl.gz" }, func(int) string { return gz(sb.String()) })
	benchRead(b, dir, int64(sb.Len()), 20000)
}
