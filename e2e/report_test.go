package e2e

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

var updateScreenshot = flag.Bool("update-screenshot", false, "rewrite ../docs/report.png, the README's screenshot of the seeds' report")

// jsonPair is a "pair" line of dedupe -format json.
type jsonPair struct {
	Type     string `json:"type"`
	A        string `json:"a"`
	B        string `json:"b"`
	Passages []struct {
		AStart int `json:"a_start"`
		AEnd   int `json:"a_end"`
		BStart int `json:"b_start"`
		BEnd   int `json:"b_end"`
	} `json:"passages"`
}

// pairsOf returns the pairs of dedupe -format json output.
func pairsOf(t *testing.T, out []byte) []jsonPair {
	t.Helper()
	var pairs []jsonPair
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var p jsonPair
		if err := json.Unmarshal(sc.Bytes(), &p); err != nil {
			t.Fatalf("%v: %s", err, sc.Bytes())
		}
		if p.Type == "pair" {
			pairs = append(pairs, p)
		}
	}
	return pairs
}

// report runs dedupe -format html on dir and writes the page into the
// test's temporary folder.
func report(t *testing.T, args ...string) string {
	t.Helper()
	file := filepath.Join(t.TempDir(), "report.html")
	if err := os.WriteFile(file, dedupe(t, append([]string{"-format=html"}, args...)...), 0o644); err != nil {
		t.Fatal(err)
	}
	return file
}

// mark is a <mark> of the page, as the page shows it.
type mark struct {
	Text  string `json:"text"`
	Start string `json:"start"`
	End   string `json:"end"`
}

// files returns the texts of the documents that are files in dir, by ID.
func files(t *testing.T, dir string) func(id string) []byte {
	return func(id string) []byte {
		t.Helper()
		text, err := os.ReadFile(filepath.Join(dir, id))
		if err != nil {
			t.Fatal(err)
		}
		return text
	}
}

// checkMarks opens each pair of the JSON output in the page and checks
// that each side of each passage is marked once, with its byte offsets,
// around the text the document holds at those offsets.
func checkMarks(t *testing.T, b *browser, read func(id string) []byte, pairs []jsonPair) {
	t.Helper()
	for i, p := range pairs {
		eval[bool](t, b, fmt.Sprintf(`location.hash = "#pair-%d"; true`, i))
		a, bt := read(p.A), read(p.B)
		for j, ps := range p.Passages {
			for _, side := range []struct {
				name       string
				text       []byte
				start, end int
			}{{"a", a, ps.AStart, ps.AEnd}, {"b", bt, ps.BStart, ps.BEnd}} {
				marks := eval[[]mark](t, b, fmt.Sprintf(`[...document.querySelectorAll('mark[data-pair="%d"][data-passage="%d"][data-side="%s"]')].map(m => ({text: m.textContent, start: m.dataset.start, end: m.dataset.end}))`, i, j, side.name))
				if len(marks) != 1 {
					t.Errorf("pair %d passage %d side %s: %d marks, want 1", i, j, side.name, len(marks))
					continue
				}
				m := marks[0]
				if want := fmt.Sprint(side.start, side.end); m.Start+" "+m.End != want {
					t.Errorf("pair %d passage %d side %s: data-start, data-end %s %s, want %s", i, j, side.name, m.Start, m.End, want)
				}
				if want := string(side.text[side.start:side.end]); m.Text != want {
					t.Errorf("pair %d passage %d side %s: marked\n%q\nwant bytes %d-%d\n%q", i, j, side.name, m.Text, side.start, side.end, want)
				}
			}
		}
	}
}

// TestSeedsReport: the seeds' report loads without an error, marks each
// passage where -format json says, and is photographed.
func TestSeedsReport(t *testing.T) {
	b := newBrowser(t)
	const seeds = "../testdata/seeds"
	file := report(t, seeds)
	pairs := pairsOf(t, dedupe(t, "-format=json", seeds))
	if len(pairs) == 0 {
		t.Fatal("no pairs in the seeds")
	}
	b.open(t, file)
	png, err := chromedp.Run(b.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	shot := filepath.Join(t.ArtifactDir(), "seeds.png")
	if *updateScreenshot {
		shot = "../docs/report.png"
	}
	if err := os.WriteFile(shot, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", shot)
	if got := eval[string](t, b, `document.querySelector('header .summary').textContent.replace(/\s+/g, ' ').trim()`); !strings.Contains(got, "5 documents") || !strings.Contains(got, "1 pair") {
		t.Errorf("header summary %q", got)
	}
	checkMarks(t, b, files(t, seeds), pairs)
	b.noErrors(t)
}

// Hostile markup in a document's ID and text.
const (
	hostileScript = `<script>window.pwned=1</script>`
	hostileImg    = `"><img src=x onerror="window.pwned=1">`
)

// TestHostileDocument: documents whose IDs and texts hold markup, and
// share a passage with the AP story, run nothing and show the markup as
// text, with their passages marked where -format json says.
func TestHostileDocument(t *testing.T) {
	b := newBrowser(t)
	dir := t.TempDir()
	ap, err := os.ReadFile("../testdata/seeds/000_0f95fddf84ee6d2d.txt")
	if err != nil {
		t.Fatal(err)
	}
	hostile := hostileScript + "\n" + hostileImg + "\n\n" + string(ap[560:1230]) + "\n" + hostileScript + " & " + hostileImg + "\n"
	fileID, lineID := hostileImg+".txt", hostileScript+hostileImg
	texts := map[string][]byte{"ap.txt": ap, fileID: []byte(hostile), lineID: []byte(hostile + " copied")}
	line, err := json.Marshal(map[string]string{"id": lineID, "text": string(texts[lineID])})
	if err != nil {
		t.Fatal(err)
	}
	for name, text := range map[string][]byte{"ap.txt": ap, fileID: texts[fileID], "feed.jsonl": append(line, '\n')} {
		if err := os.WriteFile(filepath.Join(dir, name), text, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	pairs := pairsOf(t, dedupe(t, "-format=json", dir))
	if len(pairs) != 3 {
		t.Fatalf("%d pairs, want 3 (each document shares the AP passage)", len(pairs))
	}
	b.open(t, report(t, dir))
	checkMarks(t, b, func(id string) []byte { return texts[id] }, pairs) // opens every pair

	if got := eval[string](t, b, `typeof window.pwned`); got != "undefined" {
		t.Errorf("window.pwned is %s: the page ran the document's markup", got)
	}
	if n := eval[int](t, b, `document.querySelectorAll('img').length`); n != 0 {
		t.Errorf("%d img elements in the page", n)
	}
	if n := eval[int](t, b, `document.scripts.length`); n != 2 {
		t.Errorf("%d script elements in the page, want 2 (data and code)", n)
	}
	shown := eval[string](t, b, `document.body.textContent`)
	for _, s := range []string{hostileScript, hostileImg, fileID, lineID} {
		if !strings.Contains(shown, s) {
			t.Errorf("the page does not show %q as text", s)
		}
	}
	names := eval[[]string](t, b, `[...new Set([...document.querySelectorAll('.docname')].map(e => e.textContent))].sort()`)
	if want := []string{fileID, lineID, "ap.txt"}; fmt.Sprint(names) != fmt.Sprint(want) {
		t.Errorf("document names shown: %q, want %q", names, want)
	}
	b.noErrors(t)
}

// TestEmptyReport: a run that finds nothing gives a page that says so.
func TestEmptyReport(t *testing.T) {
	b := newBrowser(t)
	b.open(t, report(t, "../testdata/seeds/003_4382767e79e8a0e7.txt", "../testdata/seeds/004_8ec599d80ac4eb66.txt"))
	if got := eval[string](t, b, `document.getElementById('clusters').textContent`); !strings.Contains(got, "No near-duplicates or shared passages were found.") {
		t.Errorf("clusters section: %q", got)
	}
	b.noErrors(t)
}
