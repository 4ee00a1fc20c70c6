package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/newsreuse/dedupe/synth"
)

// TestLargeReport: the report of a synthetic corpus of more than 10,000
// pairs opens with a page of clusters and one pair rendered, not all of
// them, and a pair far down the list renders when its link is followed.
// The file size and the time to the first pair are logged, not asserted.
func TestLargeReport(t *testing.T) {
	if testing.Short() {
		t.Skip("a 12 MB corpus: skipped with -short")
	}
	b := newBrowser(t)
	dir := t.TempDir()
	corpus := filepath.Join(dir, "news.jsonl")
	f, err := os.Create(corpus)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := synth.Write(f, synth.Options{Seed: 1, TargetBytes: 12_000_000}); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	file := report(t, corpus)
	info, err := os.Stat(file)
	if err != nil {
		t.Fatal(err)
	}

	start := time.Now()
	b.open(t, file)
	if err := chromedp.Do(b.ctx, chromedp.WaitVisible(chromedp.CSS(`details.pair[open] mark`))); err != nil {
		t.Fatal(err)
	}
	t.Logf("report of %.1f MB: first pair shown in %v", float64(info.Size())/1e6, time.Since(start).Round(time.Millisecond))

	pairs := eval[int](t, b, `JSON.parse(document.getElementById('report-data').textContent).summary.pairs`)
	if pairs < 10_000 {
		t.Fatalf("%d pairs, want 10,000 or more", pairs)
	}
	counts := eval[map[string]int](t, b, `({clusters: document.querySelectorAll('details.cluster').length, pairs: document.querySelectorAll('details.pair').length, texts: document.querySelectorAll('.texts').length})`)
	t.Logf("%d pairs; rendered at first: %v", pairs, counts)
	if counts["clusters"] > 50 || counts["pairs"] > 50 || counts["texts"] != 1 {
		t.Errorf("rendered at first: %v, want at most 50 clusters and 50 pairs, and the texts of one pair", counts)
	}

	last := pairs - 1
	start = time.Now()
	eval[bool](t, b, fmt.Sprintf(`location.hash = "#pair-%d"; true`, last))
	if n := eval[int](t, b, fmt.Sprintf(`document.querySelectorAll('mark[data-pair="%d"]').length`, last)); n == 0 {
		t.Errorf("pair %d: no marks after following its link", last)
	}
	t.Logf("the last pair shown in %v", time.Since(start).Round(time.Millisecond))
	b.noErrors(t)
}
