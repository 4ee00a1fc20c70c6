package dedupe

import (
	"iter"
	"runtime"
	"sync"
	"sync/atomic"
)

// AddAll adds the documents of seq in order, as Add would one by one, with
// up to workers documents in flight at once (0 means GOMAXPROCS): their
// preparation and verification run concurrently while they enter the
// indexes and the clusters in the order of seq. It calls fn with each
// document's result, in the order of seq, from one goroutine at a time.
// When fn returns false AddAll stops reading seq; the documents already in
// flight are still added, without calls to fn. Results are the same as
// adding the documents one at a time.
func (d *Detector) AddAll(seq iter.Seq[Document], workers int, fn func(Result, error) bool) {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	// A job waits for the job before it twice: to enter the indexes after
	// it, and to be reported after it.
	type job struct {
		doc                Document
		prev               *job
		admitted, reported chan struct{}
	}
	jobs := make(chan *job)
	var stopped atomic.Bool
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				p := d.Prepare(j.doc)
				j.doc = Document{}
				if j.prev != nil {
					<-j.prev.admitted
				}
				a, err := d.admit(p)
				close(j.admitted)
				var res Result
				if err == nil {
					d.verifyAll(a)
					res = d.commit(a)
				}
				if j.prev != nil {
					<-j.prev.reported
					j.prev = nil // let finished jobs go
				}
				if !stopped.Load() && !fn(res, err) {
					stopped.Store(true)
				}
				close(j.reported)
			}
		}()
	}
	var prev *job
	for doc := range seq {
		if stopped.Load() {
			break
		}
		j := &job{doc: doc, prev: prev, admitted: make(chan struct{}), reported: make(chan struct{})}
		jobs <- j
		prev = j
	}
	close(jobs)
	wg.Wait()
}
