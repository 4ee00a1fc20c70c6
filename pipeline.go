package dedupe

import (
	"iter"
	"runtime"
	"sync"
	"sync/atomic"
)

// AddAll adds the documents of seq in order, as Add would one by one, on
// workers goroutines (0 means GOMAXPROCS) that take batches of 64
// documents: preparation and verification run concurrently while the
// documents enter the indexes and the clusters in the order of seq. It
// calls fn with each document's result, in the order of seq, from one
// goroutine. When fn returns false AddAll stops reading seq; the documents
// already in flight are still added, without calls to fn. Results are the
// same as adding the documents one at a time. Memory: a few batches per
// worker are in flight.
func (d *Detector) AddAll(seq iter.Seq[Document], workers int, fn func(Result, error) bool) {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	// Documents go in batches, so that the hand-offs between goroutines
	// cost little per document. Workers prepare a batch, enter it in the
	// indexes after the batch before it, and verify it; one goroutine, the
	// committer, then judges and reports the batches in order, while the
	// workers go on with the next ones.
	type job struct {
		docs     []Document
		prev     *job
		admitted chan struct{} // closed when the batch is in the indexes
		verified chan struct{} // closed when the batch is verified
		as       []*admission
		errs     []error
	}
	// jobs is buffered so that reading goes on while every worker is busy:
	// a worker that has prepared a batch waits for the batch before it to
	// enter the indexes, and with an unbuffered channel the reader would be
	// waiting too, leaving a core idle (Reuters -near-only: 0.47 -> 0.40 s).
	jobs := make(chan *job, 2*workers)
	order := make(chan *job, 2*workers)
	var stopped atomic.Bool
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var ps []*Prepared
			for j := range jobs {
				ps = ps[:0]
				for _, doc := range j.docs {
					ps = append(ps, d.Prepare(doc))
				}
				j.docs = nil
				if j.prev != nil {
					<-j.prev.admitted
					j.prev = nil // let finished jobs go
				}
				d.touch(ps)
				for _, p := range ps {
					var a *admission
					err := p.err
					if err == nil {
						a, err = d.admit(p)
					}
					j.as, j.errs = append(j.as, a), append(j.errs, err)
				}
				close(j.admitted)
				for _, a := range j.as {
					if a != nil {
						d.verifyAll(a, false)
						a.p.verified()
					}
				}
				close(j.verified)
			}
		}()
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		var results []Result
		for j := range order {
			<-j.verified
			// The batch commits, then waits for its records to be
			// durable (one sync for the batch), then is reported.
			results = results[:0]
			for i, a := range j.as {
				var res Result
				if a != nil {
					res = d.commit(a)
					if a.stored != nil {
						j.errs[i] = a.stored
					}
					a.release()
					j.as[i] = nil
				}
				results = append(results, res)
			}
			if err := d.sync(); err != nil {
				for i := range j.errs {
					if j.errs[i] == nil {
						results[i], j.errs[i] = Result{}, err
					}
				}
			}
			for i, res := range results {
				if !stopped.Load() && !fn(res, j.errs[i]) {
					stopped.Store(true)
				}
			}
		}
	}()
	var prev *job
	var batch []Document
	send := func() {
		j := &job{docs: batch, prev: prev, admitted: make(chan struct{}), verified: make(chan struct{})}
		order <- j
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
	close(order)
	wg.Wait()
	<-done
}

// batchSize is how many documents AddAll hands to a worker at once: each
// batch costs a few hand-offs between goroutines, and a batch's LSH
// buckets are touched together. 64 rather than 16: Reuters near-only
// 0.2305 -> 0.2225 s, full 0.4245 -> 0.399 s, 100 MB full 5.06-5.20 ->
// 4.84-4.85 s (128: no better); outputs byte-identical.
const batchSize = 64
