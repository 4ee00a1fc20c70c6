package wal

import (
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
// default sync policy (group commit) and under SyncEvery 10 ms.
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
		})
	}
}
