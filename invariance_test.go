package dedupe

import (
	"slices"
	"strings"
	"testing"

	"github.com/newsreuse/dedupe/synth"
)

// TestLayoutInvariance: line wrapping and text far from a passage do not
// decide it. The news test corpora give the same pairs hard-wrapped at 70
// columns, unwrapped (each paragraph on one line) and with an extra
// header line on every document.
func TestLayoutInvariance(t *testing.T) {
	layouts := []struct {
		name string
		f    func(string) string
	}{
		{"wrapped at 70 columns", func(s string) string { return hardWrap(unwrap(s), 70) }},
		{"unwrapped", unwrap},
		{"with a header line", func(s string) string { return "From the Daily Digest newsroom archive\n" + s }},
	}
	for _, o := range []synth.Options{newsCorpora()[0], newsCorpora()[1], messyCorpora()[0]} {
		c := synth.Generate(o)
		want := layoutPairs(t, c, func(s string) string { return s })
		for _, l := range layouts {
			got := layoutPairs(t, c, l.f)
			var lost, gained []string
			for _, p := range want {
				if !slices.Contains(got, p) {
					lost = append(lost, p)
				}
			}
			for _, p := range got {
				if !slices.Contains(want, p) {
					gained = append(gained, p)
				}
			}
			if len(lost)+len(gained) > 0 {
				t.Errorf("seed %d, %s: of %d pairs, %d lost %v, %d gained %v", o.Seed, l.name, len(want), len(lost), lost, len(gained), gained)
			}
		}
	}
}

// layoutPairs adds the corpus, each text laid out by f, to a new Detector
// and returns its pairs as "A B".
func layoutPairs(t *testing.T, c *synth.Corpus, f func(string) string) []string {
	d := New(Options{})
	for _, doc := range c.Docs {
		if _, err := d.Add(Document{ID: doc.ID, Text: []byte(f(doc.Text)), Time: doc.Time}); err != nil {
			t.Fatal(err)
		}
	}
	var out []string
	for _, p := range d.Pairs() {
		out = append(out, p.A+" "+p.B)
	}
	slices.Sort(out)
	return out
}

// unwrap joins the lines of each paragraph (lines separated by blank
// lines) with spaces; a line broken after a hyphen joins without one.
func unwrap(s string) string {
	paras := strings.Split(s, "\n\n")
	for i, p := range paras {
		lines := strings.Split(p, "\n")
		var b strings.Builder
		for j, l := range lines {
			if j > 0 && !strings.HasSuffix(lines[j-1], "-") {
				b.WriteByte(' ')
			}
			b.WriteString(l)
		}
		paras[i] = b.String()
	}
	return strings.Join(paras, "\n\n")
}

// hardWrap breaks each line of s at width columns, between words.
func hardWrap(s string, width int) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		var b strings.Builder
		col := 0
		for _, w := range strings.Fields(l) {
			switch {
			case col == 0:
			case col+1+len(w) <= width:
				b.WriteByte(' ')
				col++
			default:
				b.WriteByte('\n')
				col = 0
			}
			b.WriteString(w)
			col += len(w)
		}
		lines[i] = b.String()
	}
	return strings.Join(lines, "\n")
}
