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
	// Documents go in batches, so that the hand-offs between goroutines
	// cost little per document. A batch waits for the batch before it
	// twice: to enter the indexes after it, and to be reported after it.
	type job struct {
		docs               []Document
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
			var ps []*Prepared
			var as []*admission
			var errs []error
			for j := range jobs {
				ps, as, errs = ps[:0], as[:0], errs[:0]
				for _, doc := range j.docs {
					ps = append(ps, d.Prepare(doc))
				}
				j.docs = nil
				if j.prev != nil {
					<-j.prev.admitted
				}
				for _, p := range ps {
					a, err := d.admit(p)
					as, errs = append(as, a), append(errs, err)
				}
				close(j.admitted)
				results := make([]Result, len(as))
				for i, a := range as {
					if a != nil {
						d.verifyAll(a)
						results[i] = d.commit(a)
						as[i] = nil // let the admission go
					}
				}
				if j.prev != nil {
					<-j.prev.reported
					j.prev = nil // let finished jobs go
				}
				for i, res := range results {
					if !stopped.Load() && !fn(res, errs[i]) {
						stopped.Store(true)
					}
				}
				close(j.reported)
			}
		}()
	}
	var prev *job
	var batch []Document
	send := func() {
		j := &job{docs: batch, prev: prev, admitted: make(chan struct{}), reported: make(chan struct{})}
		jobs <- j
		prev, batch = j, nil
	}
	for doc := range seq {
		if stopped.Load() {
			break
		}
		batch = append(batch, doc)
		if len(batch) == batchSize {
			send()
		}
	}
	if len(batch) > 0 && !stopped.Load() {
		send()
	}
	close(jobs)
	wg.Wait()
}

// batchSize is how many documents AddAll hands to a worker at once.
const batchSize = 16
