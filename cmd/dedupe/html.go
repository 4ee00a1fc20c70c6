package main

import (
	"bufio"
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"strings"

	"github.com/newsreuse/dedupe"
	"github.com/newsreuse/dedupe/corpus"
)

// htmlReport writes one self-contained HTML page: the run's summary, the
// clusters with their members, and each pair's two texts side by side
// with the shared passages marked. The page needs no network: its style
// and script are inline, and its data is JSON in a script element, which
// the script renders a page of clusters and one pair at a time, so that a
// report of ten thousand pairs opens quickly.
//
// It keeps the text of every document added until the report is written
// (the Detector keeps none), so -format html is meant for inputs of up to
// a few hundred MB; -format json lists the findings of any input.
type htmlReport struct {
	w     io.Writer
	texts map[string]keptDoc
}

func newHTMLReport(w io.Writer) *htmlReport {
	return &htmlReport{w: w, texts: map[string]keptDoc{}}
}

// keep keeps doc's text and time for the report. It is called with each
// document added, from one goroutine.
func (r *htmlReport) keep(doc corpus.Doc) {
	r.texts[doc.ID] = keptDoc{text: doc.Content, time: doc.Time}
}

//go:embed page/report.html page/report.css page/report.js
var pageFiles embed.FS

var pageTemplate = template.Must(template.New("report.html").Funcs(template.FuncMap{
	"num":   thousands,
	"bytes": humanBytes,
	"plural": func(n int, what string) string {
		if n == 1 {
			return what
		}
		return what + "s"
	},
}).ParseFS(pageFiles, "page/report.html"))

// thousands returns the integer n with commas between groups of three
// digits.
func thousands(n any) string {
	s := fmt.Sprint(n)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && s[i-1] != '-' && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// humanBytes returns n bytes in kB, MB or GB, or bytes when fewer than 1000.
func humanBytes(n int64) string {
	const units = "kMGT"
	if n < 1000 {
		return fmt.Sprintf("%d bytes", n)
	}
	f, u := float64(n)/1000, 0
	for f >= 1000 && u < len(units)-1 {
		f /= 1000
		u++
	}
	return fmt.Sprintf("%.1f %cB", f, units[u])
}

// pageView is what page/report.html is executed with.
type pageView struct {
	Summary pageSummary
	CSS     template.CSS
	JS      template.JS
	// JSHash is the Content-Security-Policy source of JS: the page runs
	// no other script, should one ever get in.
	JSHash string
}

func (r *htmlReport) write(pairs []dedupe.Pair, clusters []dedupe.Cluster, st stats) error {
	data := newPageData(pairs, clusters, r.texts, st)
	css, err := pageFiles.ReadFile("page/report.css")
	if err != nil {
		return fmt.Errorf("html report: %w", err)
	}
	js, err := pageFiles.ReadFile("page/report.js")
	if err != nil {
		return fmt.Errorf("html report: %w", err)
	}
	sum := sha256.Sum256(js)
	view := pageView{Summary: data.Summary, CSS: template.CSS(css), JS: template.JS(js),
		JSHash: "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"}
	bw := bufio.NewWriter(r.w)
	if err := pageTemplate.ExecuteTemplate(bw, "head", view); err != nil {
		return fmt.Errorf("html report: %w", err)
	}
	// The data goes between the templates, unescaped by them: the JSON
	// encoder escapes <, > and & (and U+2028, U+2029), so no text can end
	// the script element or be read as markup.
	bw.WriteString(`<script type="application/json" id="report-data">`)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(true)
	if err := enc.Encode(data); err != nil {
		return fmt.Errorf("html report: %w", err)
	}
	bw.WriteString("</script>\n")
	if err := pageTemplate.ExecuteTemplate(bw, "foot", view); err != nil {
		return fmt.Errorf("html report: %w", err)
	}
	return bw.Flush()
}
