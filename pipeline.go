package dedupe

import (
	"iter"
	"runtime"
)

// AddAll adds the documents of seq in order, as Add would one by one, while
// preparing up to workers documents concurrently (0 means GOMAXPROCS). It
// calls fn with each document's result, in the order of seq, and stops
// early when fn returns false. Results are the same as adding the
// documents one at a time.
func (d *Detector) AddAll(seq iter.Seq[Document], workers int, fn func(Result, error) bool) {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	type job struct {
		doc Document
		out chan *Prepared
	}
	jobs := make(chan job)
	order := make(chan chan *Prepared, 4*workers)
	stop := make(chan struct{})
	for range workers {
		go func() {
			for j := range jobs {
				j.out <- d.Prepare(j.doc)
			}
		}()
	}
	go func() {
		defer close(order)
		defer close(jobs)
		for doc := range seq {
			out := make(chan *Prepared, 1)
			select {
			case order <- out:
			case <-stop:
				return
			}
			select {
			case jobs <- job{doc, out}:
			case <-stop:
				return
			}
		}
	}()
	for out := range order {
		if !fn(d.AddPrepared(<-out)) {
			close(stop)
			for range order { // let the producer finish
			}
			return
		}
	}
}
