package measure

import (
	"testing"
	"time"
)

func TestPercentile(t *testing.T) {
	var ds []time.Duration
	for i := range 100 {
		ds = append(ds, time.Duration(i+1))
	}
	for _, c := range []struct {
		p    float64
		want time.Duration
	}{{0, 1}, {0.5, 51}, {0.99, 100}, {1, 100}} {
		if got := Percentile(ds, c.p); got != c.want {
			t.Errorf("Percentile(1..100, %v) = %v, want %v", c.p, got, c.want)
		}
	}
	if got := Percentile(nil, 0.5); got != 0 {
		t.Errorf("Percentile(nil) = %v, want 0", got)
	}
	if ReadMetric("/gc/cycles/total:gc-cycles") == 0 && ReadMetric("/sched/gomaxprocs:threads") == 0 {
		t.Error("ReadMetric reads nothing")
	}
}
