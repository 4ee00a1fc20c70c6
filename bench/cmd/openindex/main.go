// Command openindex times dedupe.Open of an existing persistent index and
// prints the documents it holds, the time, the CPU time, the live heap
// and the peak RSS:
//
//	go run ./cmd/openindex [-runs N] [-cpuprofile FILE] DIR
//
// Make an index with `go run ./cmd/addlatency -docs 1000000 -index DIR`.
// Each run opens the index in a fresh process, so that one run's heap
// does not shape the next.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"runtime/pprof"
	"syscall"
	"time"

	"github.com/newsreuse/dedupe"
	"github.com/newsreuse/dedupe/bench/internal/measure"
)

func main() {
	runs := flag.Int("runs", 1, "open the index `n` times, each in a fresh process")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of one opening to `file`")
	child := flag.Bool("child", false, "open once in this process (used by -runs)")
	dir := measure.DirArg("usage: openindex [-runs N] [-cpuprofile FILE] DIR")
	if *child || *cpuprofile != "" {
		if err := open(dir, *cpuprofile); err != nil {
			fmt.Fprintln(os.Stderr, "openindex:", err)
			os.Exit(1)
		}
		return
	}
	for i := 0; i < *runs; i++ {
		cmd := exec.Command(os.Args[0], "-child", dir)
		cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
		if err := cmd.Run(); err != nil {
			fmt.Fprintln(os.Stderr, "openindex:", err)
			os.Exit(1)
		}
	}
}

// open opens the index in dir once and prints what it measured.
func open(dir, cpuprofile string) error {
	if cpuprofile != "" {
		f, err := os.Create(cpuprofile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	var before syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &before)
	start := time.Now()
	d, err := dedupe.Open(dir, dedupe.Options{}, dedupe.StoreOptions{})
	if err != nil {
		return err
	}
	wall := time.Since(start)
	var after syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &after)
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	cpu := func(r syscall.Rusage) (user, sys float64) {
		return float64(r.Utime.Nano()) / 1e9, float64(r.Stime.Nano()) / 1e9
	}
	u0, s0 := cpu(before)
	u1, s1 := cpu(after)
	fmt.Printf("opened %d documents in %.2f s (user %.2f s, sys %.2f s); live heap %.0f MB; peak RSS %.0f MB; %d GCs\n",
		d.Len(), wall.Seconds(), u1-u0, s1-s0, float64(ms.HeapAlloc)/1e6, float64(after.Maxrss)/1e3, ms.NumGC)
	return d.Close()
}
