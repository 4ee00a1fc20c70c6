package dedupe

import (
	"fmt"
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

// TestEndsAtSlot: two forecasts from one template share their opening up
// to the first figure that differs, and the template goes on after it:
// no link, in the stream or by Compare. A copy that stops where the
// other changed a figure, and goes on with other text, links.
func TestEndsAtSlot(t *testing.T) {
	forecast := func(high, w1, w2, low int) string {
		return fmt.Sprintf("Appleton weather forecast for Monday, January 1\n\nFrom the National Weather Service\nUpdated: Jan. 1, 2024, 1:33 a.m.\n\n"+
			"Today: A 40 percent chance of showers. Cloudy, with a high near %d. South wind %d to %d mph.\n\n"+
			"Tonight: Mostly cloudy, with a low around %d. Calm wind.", high, w1, w2, low)
	}
	a, b := forecast(39, 8, 13, 25), forecast(52, 5, 10, 31)
	d := New(Options{})
	m := d.Compare(Document{ID: "a", Text: []byte(a)}, Document{ID: "b", Text: []byte(b)})
	assert.Empty(t, m.Passages, "two forecasts of one template linked by Compare")
	add := adder(t, New(Options{}))
	add("a", a)
	assert.False(t, linkedTo(add("b", b), "a"), "two forecasts of one template linked in the stream")

	story := "Prosecutors in Tokyo said on Monday that 382 cases had been dismissed since the inquiry began, and that under the government's plan the agency would review 18,732 files by 2022."
	copied := strings.Replace(story, "by 2022.", "by 2026.", 1) + " Lawmakers have long condemned the plan, which they call a quiet amnesty for the worst offenders."
	m = d.Compare(Document{ID: "story", Text: []byte(story + " Sign up for Daily Headlines and get the day's top stories.")}, Document{ID: "copy", Text: []byte(copied)})
	assert.NotEmpty(t, m.Passages, "a copy that changed its last figure not linked")
}
