package e2e

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// dedupeBin is the dedupe command built for the tests by TestMain.
var dedupeBin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "dedupe-e2e")
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		os.Exit(2)
	}
	dedupeBin = filepath.Join(dir, "dedupe")
	build := exec.Command("go", "build", "-o", dedupeBin, "./cmd/dedupe")
	build.Dir = ".."
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "e2e: building cmd/dedupe: %v\n%s", err, out)
		os.Exit(2)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// dedupe runs the dedupe command with args and returns its standard
// output; exit status 1 (nothing found) is not an error.
func dedupe(t *testing.T, args ...string) []byte {
	t.Helper()
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(dedupeBin, append([]string{"-progress=never"}, args...)...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil && cmd.ProcessState.ExitCode() != 1 {
		t.Fatalf("dedupe %q: %v\n%s", args, err, stderr.Bytes())
	}
	return stdout.Bytes()
}

// chromium returns the path of a Chromium or Chrome binary, skipping the
// test when there is none (failing it when CI is set).
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("e2e: no chromium, chromium-browser or google-chrome on the PATH, and CI is set (apt-get install chromium)")
	}
	t.Skip("e2e: no chromium, chromium-browser or google-chrome on the PATH: browser tests skipped (apt-get install chromium)")
	return ""
}

// A browser is a headless Chromium tab that records what the page writes
// to its console: calls of the console API, uncaught exceptions and the
// browser's log (such as a blocked script).
type browser struct {
	ctx context.Context
	mu  sync.Mutex
	bad []string // errors, warnings and exceptions
}

// listen records the page's errors, warnings and exceptions. It runs on
// the goroutine reading the tab's messages, in their order, so a message
// sent before a command's reply is recorded when the command returns.
func (b *browser) listen(ev any) {
	var msg string
	switch ev := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeWarning || ev.Type == runtime.ConsoleAPICalledTypeAssert {
			msg = fmt.Sprintf("console.%s:", ev.Type)
			for _, a := range ev.Args {
				msg += " " + string(a.Value) + a.Description
			}
		}
	case *runtime.EventExceptionThrown:
		msg = "exception: " + ev.ExceptionDetails.Text
		if ev.ExceptionDetails.Exception != nil {
			msg += " " + ev.ExceptionDetails.Exception.Description
		}
	case *cdplog.EventEntryAdded:
		if ev.Entry.Level == cdplog.EntryLevelError || ev.Entry.Level == cdplog.EntryLevelWarning {
			msg = fmt.Sprintf("log %s (%s): %s", ev.Entry.Level, ev.Entry.Source, ev.Entry.Text)
		}
	}
	if msg != "" {
		b.mu.Lock()
		b.bad = append(b.bad, msg)
		b.mu.Unlock()
	}
}

// newBrowser starts headless Chromium with a 1280×900 window; it stops
// when the test ends.
func newBrowser(t *testing.T) *browser {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium(t)),
		chromedp.NoSandbox, // root in a container
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.DisableGPU,
		chromedp.WindowSize(1280, 900),
	)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	ctx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	t.Cleanup(cancelAlloc)
	b := &browser{}
	ctx, cancelTab := chromedp.NewContext(ctx, chromedp.WithListener(b.listen))
	t.Cleanup(cancelTab)
	b.ctx = ctx
	return b
}

// open loads the report file and waits for its script to finish.
func (b *browser) open(t *testing.T, file string) {
	t.Helper()
	abs, err := filepath.Abs(file)
	if err != nil {
		t.Fatal(err)
	}
	err = chromedp.Do(b.ctx,
		chromedp.EmulateViewport(1280, 900),
		chromedp.Navigate("file://"+abs),
		chromedp.WaitReady(chromedp.CSS(`body[data-ready="true"]`)),
	)
	if err != nil {
		t.Fatalf("opening %s: %v", file, err)
	}
}

// eval evaluates a JavaScript expression in the page.
func eval[T any](t *testing.T, b *browser, expr string) T {
	t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("evaluating %s: %v", expr, err)
	}
	return v
}

// noErrors fails the test if the page wrote an error or a warning to its
// console, or threw.
func (b *browser) noErrors(t *testing.T) {
	t.Helper()
	eval[int](t, b, "1") // the messages sent before are in
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, m := range b.bad {
		t.Errorf("the page wrote %s", m)
	}
}
