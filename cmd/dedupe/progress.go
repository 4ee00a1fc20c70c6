package main

import (
	"fmt"
	"io"
	"os"
	"time"

	"golang.org/x/term"
)

// progress writes a one-line status to stderr while a long run goes on.
type progress struct {
	w       io.Writer
	on      bool
	started time.Time
	last    time.Time
	shown   bool
}

func newProgress(mode string, stderr io.Writer) (*progress, error) {
	p := &progress{w: stderr, started: time.Now()}
	switch mode {
	case "always":
		p.on = true
	case "never":
	case "auto":
		f, ok := stderr.(*os.File)
		p.on = ok && term.IsTerminal(int(f.Fd()))
	default:
		return nil, fmt.Errorf("unknown -progress %q (want auto, always or never)", mode)
	}
	return p, nil
}

// update shows the counts at most five times a second, and only once the
// run has lasted a second.
func (p *progress) update(docs int, bytes int64) {
	if !p.on {
		return
	}
	now := time.Now()
	if now.Sub(p.started) < time.Second || now.Sub(p.last) < 200*time.Millisecond {
		return
	}
	p.last = now
	p.shown = true
	el := now.Sub(p.started).Seconds()
	fmt.Fprintf(p.w, "\rdedupe: %d documents, %.1f MB, %.0f docs/s ", docs, float64(bytes)/1e6, float64(docs)/el)
}

func (p *progress) clear() {
	if p.shown {
		fmt.Fprint(p.w, "\r\033[K")
		p.shown = false
	}
}

func (p *progress) done(docs int, bytes int64, el time.Duration) {
	if !p.on {
		return
	}
	p.clear()
	fmt.Fprintf(p.w, "dedupe: %d documents, %.1f MB in %.2fs\n", docs, float64(bytes)/1e6, el.Seconds())
}
