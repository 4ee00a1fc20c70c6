package wal

import (
	"io"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"
)

// percentile returns the p-th percentile (0 < p ≤ 100) of sorted d, in
// microseconds.
func percentile(d []time.Duration, p float64) float64 {
	if len(d) == 0 {
		return 0
	}
	i := int(float64(len(d))*p/100+0.5) - 1
	return float64(d[min(max(i, 0), len(d)-1)]) / float64(time.Microsecond)
}

// BenchmarkAppendLatency measures, in turns on the same disk, the latency
// of a durable Append of 1 KiB by one producer and that of a 4 KiB write
// and fsync of a plain file, and reports the p50 and p99 of both in
// microseconds. The target: append p99 ≤ fsync p99 + 1 ms.
func BenchmarkAppendLatency(b *testing.B) {
	dir := b.TempDir()
	l := openT(b, filepath.Join(dir, "log"), Options{})
	f, err := os.Create(filepath.Join(dir, "plain"))
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	page := make([]byte, 4096)
	rec := content(1, 1024, 1024)
	var fsyncs, appends []time.Duration
	for b.Loop() {
		t0 := time.Now()
		if _, err := f.Write(page); err != nil {
			b.Fatal(err)
		}
		if err := f.Sync(); err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		if _, err := l.Append(rec); err != nil {
			b.Fatal(err)
		}
		t2 := time.Now()
		fsyncs = append(fsyncs, t1.Sub(t0))
		appends = append(appends, t2.Sub(t1))
	}
	slices.Sort(fsyncs)
	slices.Sort(appends)
	b.ReportMetric(percentile(fsyncs, 50), "fsync-p50-µs")
	b.ReportMetric(percentile(fsyncs, 99), "fsync-p99-µs")
	b.ReportMetric(percentile(appends, 50), "append-p50-µs")
	b.ReportMetric(percentile(appends, 99), "append-p99-µs")
}

// BenchmarkAppendProducers measures the throughput of 8 producers
// appending 1 KiB records concurrently, in records per second, under the
// default sync policy (group commit) and under SyncEvery 10 ms, and how
// many records a write (and, by default, an fsync) carried on average.
func BenchmarkAppendProducers(b *testing.B) {
	for _, c := range []struct {
		name string
		opts Options
	}{{"durable", Options{}}, {"SyncEvery=10ms", Options{SyncEvery: 10 * time.Millisecond}}} {
		b.Run(c.name, func(b *testing.B) {
			l := openT(b, b.TempDir(), c.opts)
			rec := content(1, 1024, 1024)
			const producers = 8
			b.SetBytes(int64(len(rec)))
			b.ResetTimer()
			start := time.Now()
			var wg sync.WaitGroup
			for p := range producers {
				wg.Go(func() {
					for i := p; i < b.N; i += producers {
						if _, err := l.Append(rec); err != nil {
							b.Error(err)
							return
						}
					}
				})
			}
			wg.Wait()
			b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "records/s")
			l.mu.Lock()
			b.ReportMetric(float64(b.N)/float64(l.flushes), "records/write")
			l.mu.Unlock()
		})
	}
}

// BenchmarkReplay measures Open and Replay of a log of 64 MiB of 1 KiB
// records (one segment's worth), in MB/s of records.
func BenchmarkReplay(b *testing.B) {
	dir := b.TempDir()
	l := openT(b, dir, Options{NoSync: true})
	rec := content(1, 1024, 1024)
	const n = 64 << 10
	for range n {
		if _, err := l.Append(rec); err != nil {
			b.Fatal(err)
		}
	}
	l.Close()
	b.SetBytes(n * int64(len(rec)))
	for b.Loop() {
		l, err := Open(dir, Options{NoSync: true})
		if err != nil {
			b.Fatal(err)
		}
		m := 0
		if err := l.Replay(func(uint64, []byte) error { m++; return nil }); err != nil || m != n {
			b.Fatal(m, err)
		}
		l.Close()
	}
}

// BenchmarkSnapshot measures writing (with fsync) and reading back a
// 256 MiB snapshot, in MB/s.
func BenchmarkSnapshot(b *testing.B) {
	l := openT(b, b.TempDir(), Options{})
	chunk := content(2, 1<<20, 1<<20)
	const chunks = 256
	if _, err := l.Append(nil); err != nil {
		b.Fatal(err)
	}
	b.Run("write", func(b *testing.B) {
		b.SetBytes(chunks << 20)
		for b.Loop() {
			if err := l.Snapshot(1, func(w io.Writer) error {
				for range chunks {
					if _, err := w.Write(chunk); err != nil {
						return err
					}
				}
				return nil
			}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("read", func(b *testing.B) {
		b.SetBytes(chunks << 20)
		buf := make([]byte, 64<<10)
		for b.Loop() {
			r, _, err := l.OpenSnapshot()
			if err != nil {
				b.Fatal(err)
			}
			if _, err := io.CopyBuffer(io.Discard, r, buf); err != nil {
				b.Fatal(err)
			}
			r.Close()
		}
	})
}
