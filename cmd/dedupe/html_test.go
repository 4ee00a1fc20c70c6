package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/newsreuse/dedupe"
)

func TestSeedsHTMLGolden(t *testing.T) {
	code, out, errs := runCLI(t, "-progress=never", "-format=html", "../../testdata/seeds")
	assert.Equal(t, 0, code, errs)
	assert.Empty(t, errs)
	golden(t, "seeds.html", out)
}

// Hostile markup in a document's ID and text, which must show as text.
const (
	hostileScript = `<script>window.pwned=1</script>`
	hostileImg    = `"><img src=x onerror="window.pwned=1">`
)

// pageDataOf returns the JSON data embedded in an HTML report.
func pageDataOf(t *testing.T, page string) pageData {
	t.Helper()
	m := regexp.MustCompile(`(?s)<script type="application/json" id="report-data">(.*?)</script>`).FindStringSubmatch(page)
	require.NotNil(t, m, "no data in the page")
	var d pageData
	require.NoError(t, json.Unmarshal([]byte(m[1]), &d))
	return d
}

// TestHTMLEscaping: a document whose ID and text hold markup gets into
// the page only escaped: the page holds its two scripts and no other,
// no img element, and its data gives back the ID and the text as they
// were.
func TestHTMLEscaping(t *testing.T) {
	dir := t.TempDir()
	ap, err := os.ReadFile("../../testdata/seeds/000_0f95fddf84ee6d2d.txt")
	require.NoError(t, err)
	hostile := hostileScript + "\n" + hostileImg + "\n\n" + string(ap[560:1230]) + "\n" + hostileScript + " & " + hostileImg + "\n"
	require.NoError(t, os.WriteFile(filepath.Join(dir, "ap.txt"), ap, 0o644))
	name := hostileImg + ".txt"
	require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(hostile), 0o644))
	line, err := json.Marshal(map[string]string{"id": hostileScript + hostileImg, "text": hostile + " copied"})
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "feed.jsonl"), append(line, '\n'), 0o644))

	code, page, errs := runCLI(t, "-progress=never", "-format=html", dir)
	require.Equal(t, 0, code, errs)
	assert.NotContains(t, page, hostileScript)
	assert.NotContains(t, page, "<img")
	assert.Equal(t, 2, strings.Count(page, "<script"), "the data and the page's script")
	assert.Equal(t, 2, strings.Count(page, "</script>"))

	d := pageDataOf(t, page)
	texts := map[string]string{}
	for _, doc := range d.Docs {
		texts[doc.ID] = strings.Join(doc.Chunks, "")
	}
	assert.Equal(t, hostile, texts[name])
	assert.Equal(t, hostile+" copied", texts[hostileScript+hostileImg])
	assert.Len(t, d.Pairs, 3, "the three documents share the AP passage")
}

// TestPageDataChunks: whatever the passages, each row's chunks are the
// bytes of its span, a passage row's are the passage's, the rows show
// each text's bytes in order without a gap except before a passage out
// of order, and folds fall inside their rows. Texts mix one- to four-byte
// characters.
func TestPageDataChunks(t *testing.T) {
	word := []string{"naïve", "Ελλάδα", "東京", "𝄞clef", "plain", "words", "here", "—", "and"}
	var b strings.Builder
	for i := range 900 {
		b.WriteString(word[i*7%len(word)])
		if i%13 == 12 {
			b.WriteString(".\n\n")
		} else {
			b.WriteByte(' ')
		}
	}
	text := []byte(b.String())
	other := append([]byte("Intro words, not shared. "), text...)
	// Cut at rune starts, as passages are.
	at := func(x int) int {
		for x < len(text) && (text[x]&0xC0 == 0x80 || other[x]&0xC0 == 0x80) {
			x++
		}
		return x
	}
	// Passages in the order of b; the third comes earlier in a.
	var ps []dedupe.Passage
	for _, span := range [][4]int{{40, 700, 65, 725}, {1500, 1600, 1525, 1625}, {400, 520, 2000, 2120}, {3000, len(text) - 3, 3025, len(other) - 3}} {
		ps = append(ps, dedupe.Passage{OtherStart: at(span[0]), OtherEnd: at(span[1]), Start: at(span[2]), End: at(span[3]), Words: 30})
	}
	pairs := []dedupe.Pair{{A: "a", B: "b", Match: dedupe.Match{Passages: ps}}}
	clusters := []dedupe.Cluster{{ID: "c1", Members: []string{"a", "b"}, Source: "a"}}
	texts := map[string]keptDoc{"a": {text: text}, "b": {text: other}}
	d := newPageData(pairs, clusters, texts, stats{})

	require.Len(t, d.Pairs, 1)
	p := d.Pairs[0]
	join := func(doc int, from, to int) string { return strings.Join(d.Docs[doc].Chunks[from:to], "") }
	shown := map[int]string{}
	for _, r := range p.Rows {
		for _, s := range []struct {
			doc  int
			span pageSpan
			text []byte
		}{{p.A, r.A, text}, {p.B, r.B, other}} {
			got := join(s.doc, s.span.From, s.span.To)
			if r.P >= 0 {
				ps := p.Passages[r.P]
				want := string(text[ps.AStart:ps.AEnd])
				if s.doc == p.B {
					want = string(other[ps.BStart:ps.BEnd])
				}
				assert.Equal(t, want, got, "passage %d", r.P)
				continue
			}
			shown[s.doc] += got
			if s.span.FoldTo > s.span.FoldFrom {
				assert.True(t, s.span.From <= s.span.FoldFrom && s.span.FoldTo <= s.span.To, "fold inside its row: %+v", s.span)
				assert.Positive(t, s.span.FoldWords)
			}
		}
	}
	// b's text between passages, in order, is all of b's text outside them.
	var want strings.Builder
	last := 0
	for _, ps := range p.Passages {
		want.Write(other[last:ps.BStart])
		last = ps.BEnd
	}
	want.Write(other[last:])
	assert.Equal(t, want.String(), shown[p.B])
	assert.Equal(t, string(text), strings.Join(d.Docs[p.A].Chunks, ""))
	assert.Equal(t, string(other), strings.Join(d.Docs[p.B].Chunks, ""))
}

func TestThousands(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 999: "999", 1000: "1,000", 123456: "123,456", 1234567: "1,234,567", -1000: "-1,000"} {
		assert.Equal(t, want, thousands(n))
	}
}

// TestPageDataMembers: a cluster's members are in time order when all
// have a time and as added otherwise, and a member's shared bytes count
// text in passages with several documents once.
func TestPageDataMembers(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2024, 3, d, 0, 0, 0, 0, time.UTC) }
	text := []byte(strings.Repeat("word ", 200)) // 1,000 bytes
	pairs := []dedupe.Pair{
		{A: "x", B: "y", Match: dedupe.Match{Passages: []dedupe.Passage{{Start: 0, End: 300, OtherStart: 100, OtherEnd: 400}}}},
		{A: "x", B: "z", Match: dedupe.Match{Passages: []dedupe.Passage{{Start: 500, End: 600, OtherStart: 200, OtherEnd: 500}}}},
	}
	clusters := []dedupe.Cluster{{ID: "c1", Members: []string{"x", "y", "z"}, Source: "z"}}
	ids := func(d *pageData) (out []string) {
		for _, m := range d.Clusters[0].Members {
			out = append(out, d.Docs[m].ID)
		}
		return out
	}

	timed := map[string]keptDoc{"x": {text, day(2)}, "y": {text, day(3)}, "z": {text, day(1)}}
	d := newPageData(pairs, clusters, timed, stats{})
	assert.Equal(t, []string{"z", "x", "y"}, ids(d))
	assert.Equal(t, "z", d.Docs[d.Clusters[0].Source].ID)
	assert.Equal(t, "2024-03-01T00:00:00Z", d.Docs[d.Clusters[0].Members[0]].Time)
	shared := map[string]int{}
	for _, doc := range d.Docs {
		shared[doc.ID] = doc.Shared
	}
	assert.Equal(t, map[string]int{"x": 400, "y": 300, "z": 100}, shared, "x: bytes 100-500, once")

	untimed := map[string]keptDoc{"x": {text, day(2)}, "y": {text, time.Time{}}, "z": {text, day(1)}}
	assert.Equal(t, []string{"x", "y", "z"}, ids(newPageData(pairs, clusters, untimed, stats{})))
}
