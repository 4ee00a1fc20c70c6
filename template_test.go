package dedupe

import (
	"strings"
	"testing"

	"github.com/newsreuse/dedupe/synth"
	"github.com/stretchr/testify/assert"
)

// TestRestyledFigures: a copy whose figures a newspaper restyled in its
// own house style ("19,243" as "19243", "8.3%" as "8.3 percent") is no
// template story, though most of the figures of the passage differ: in a
// template they come every few words, in a long copy a few times. Compare
// finds the restyled copies of the messy news corpora that share 30 words
// or more (129 of 131; those missed, a trim of three short paragraphs and
// an opening, under 100 words with figures restyled; 125 of 131 when any
// share of differing figures made a template); the news tests check the
// templates still link nothing.
func TestRestyledFigures(t *testing.T) {
	d := New(Options{})
	n, found := 0, 0
	for _, o := range messyCorpora() {
		c := synth.Generate(o)
		byID := map[string]string{}
		for _, doc := range c.Docs {
			byID[doc.ID] = doc.Text
		}
		for _, r := range c.Reuses {
			if r.Kind != synth.KindRestyle || len(strings.Fields(byID[r.B][r.BStart:r.BEnd])) < 30 {
				continue
			}
			n++
			m := d.Compare(Document{ID: r.A, Text: []byte(byID[r.A])}, Document{ID: r.B, Text: []byte(byID[r.B])})
			if len(m.Passages) > 0 {
				found++
			} else {
				t.Logf("seed %d: %s and %s not found", o.Seed, r.A, r.B)
			}
		}
	}
	t.Logf("%d of %d found", found, n)
	assert.Greater(t, n, 100)
	assert.GreaterOrEqual(t, float64(found), 0.98*float64(n))
}
