package eval

import (
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
)

// parallelFor runs fn(0) … fn(n-1) on workers goroutines (GOMAXPROCS when
// workers <= 0). After a call fails no new calls start; the error of the
// lowest failing index is returned. A panic in fn is returned as an error.
func parallelFor(n, workers int, fn func(i int) error) error {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = max(1, min(workers, n))
	errs := make([]error, n)
	var next atomic.Int64
	var failed atomic.Bool
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for !failed.Load() {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				if err := protect(i, fn); err != nil {
					errs[i] = err
					failed.Store(true)
				}
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// panicError is a panic recovered from fn at item i.
type panicError struct {
	i int
	v any
}

func (e *panicError) Error() string { return fmt.Sprintf("injected function panicked: %v", e.v) }

func protect(i int, fn func(int) error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = &panicError{i, r}
		}
	}()
	return fn(i)
}
