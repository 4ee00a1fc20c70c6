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
// to a figure that differs, and the template goes on after it with more
// slots: no link in the stream. A copy that stops where the other
// changed a figure, and goes on with a few words of the copy and then
// other text, links.
func TestEndsAtSlot(t *testing.T) {
	forecast := func(high int, wind string, w1, w2 int, tonight string, low int) string {
		return fmt.Sprintf("Appleton weather forecast for Monday, January 1\n\nFrom the National Weather Service\nUpdated: Jan. 1, 2024, 1:33 a.m.\n\n"+
			"Today: A 40 percent chance of showers. Cloudy, with a high near %d. %s wind %d to %d mph.\n\n"+
			"Tonight: %s Low around %d.", high, wind, w1, w2, tonight, low)
	}
	a := forecast(29, "Southeast", 11, 16, "A 40 percent chance of rain.", 20)
	b := forecast(69, "Northwest", 6, 11, "Showers likely.", 48)
	add := adder(t, New(Options{}))
	add("a", a)
	assert.False(t, linkedTo(add("b", b), "a"), "two forecasts of one template linked in the stream")

	story := "Prosecutors in Tokyo said on Monday that 382 cases had been dismissed since the inquiry began, and that under the government's plan the agency would review 18,732 files by 2022. Harris declined to comment further."
	copied := strings.Replace(story, "by 2022.", "by 2026.", 1) + " Lawmakers have long condemned the plan, which they call a quiet amnesty for the worst offenders."
	story += " Sign up for Daily Headlines and get the day's top stories delivered to your inbox."
	m := New(Options{}).Compare(Document{ID: "story", Text: []byte(story)}, Document{ID: "copy", Text: []byte(copied)})
	assert.NotEmpty(t, m.Passages, "a copy that changed its last figure not linked by Compare")
	add("story", story)
	assert.True(t, linkedTo(add("copy", copied), "story"), "a copy that changed its last figure not linked in the stream")
}
