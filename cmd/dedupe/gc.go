package main

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
)

// A gcPolicy narrows the garbage collector's headroom as the live heap
// grows. Nearly all the Detector holds lives to the end of a run and has
// no pointers, and adding a document allocates little besides (its
// buffers are pooled), so collecting more often then costs little time,
// while the default headroom (as much again as the live heap) would double
// the peak memory. Small runs keep the default, where the extra
// collections would show. A GOGC set by the user is left alone.
type gcPolicy struct {
	step   int // gcSteps taken
	sample []metrics.Sample
}

// gcSteps are the GOGC values set once the live heap passes each size.
var gcSteps = []struct {
	live    uint64
	percent int
}{
	{256 << 20, 50},
	{1 << 30, 25},
}

func newGCPolicy() *gcPolicy {
	p := &gcPolicy{sample: []metrics.Sample{{Name: "/gc/heap/live:bytes"}}}
	if os.Getenv("GOGC") != "" {
		p.step = len(gcSteps)
	}
	return p
}

// watch has check run after every collection, on the runtime's finalizer
// goroutine, until the last step is taken: the live heap is followed
// however few documents arrive (two 250 MB documents come in one batch,
// and their peak came at twice the live heap: 5.0 GB for 3.2 GB live).
// check must then be called nowhere else.
func (p *gcPolicy) watch() {
	if p.step == len(gcSteps) {
		return
	}
	// A pointer-free object larger than the tiny allocator's 16 bytes,
	// so that it is collected, and finalized, by the next cycle.
	runtime.SetFinalizer(new([32]byte), func(*[32]byte) {
		p.check()
		p.watch()
	})
}

// check looks at the live heap and lowers GOGC when it passes a step.
func (p *gcPolicy) check() {
	if p.step == len(gcSteps) {
		return
	}
	metrics.Read(p.sample)
	v := p.sample[0].Value
	if v.Kind() != metrics.KindUint64 {
		return
	}
	for p.step < len(gcSteps) && v.Uint64() > gcSteps[p.step].live {
		debug.SetGCPercent(gcSteps[p.step].percent)
		p.step++
	}
}
