// Package measure holds the small helpers that the kit's commands
// (bench/cmd/...) share to measure a run: percentiles of latencies, the
// runtime's metrics, and the command line of those that take an index's
// directory.
package measure

import (
	"runtime/metrics"
	"time"
)

// Percentile returns the p-quantile (0 to 1; 1 is the maximum) of the
// durations sorted, in increasing order: the one at rank p·len, or 0 if
// there are none.
func Percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	return sorted[min(len(sorted)-1, int(p*float64(len(sorted))))]
}

// ReadMetric returns the runtime metric name (package runtime/metrics),
// a uint64; 0 if it is not one.
func ReadMetric(name string) uint64 {
	s := []metrics.Sample{{Name: name}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return s[0].Value.Uint64()
}
