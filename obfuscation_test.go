package dedupe

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/newsreuse/dedupe/cluster"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// rewordSrc is a news paragraph, one sentence a line; rewordedSrc is it
// reworded sentence by sentence, with no run of eight words left.
var rewordSrc = []string{
	"The regional council approved a new budget for public transport on Tuesday evening.",
	"Bus fares will rise by ten percent from March while train services are extended to the northern suburbs.",
	"Opposition members criticised the plan, saying commuters on low incomes would carry most of the burden.",
	"The council leader defended the increase as the only way to keep the network running without cuts.",
}
var rewordedSrc = []string{
	"On Tuesday evening a new public transport budget was approved by the regional council.",
	"From March, train services to the northern suburbs are extended while bus fares rise by ten percent.",
	"Saying low income commuters would carry most of the burden, opposition members criticised the plan.",
	"Keeping the network running without cuts was only possible with the increase, the council leader defended.",
}

// TestCompareReworded checks that Compare finds a passage reworded
// sentence by sentence (no run of eight words survives) and maps it to
// the bytes of the reworded sentences.
func TestCompareReworded(t *testing.T) {
	src, reworded := rewordSrc, rewordedSrc
	other := "Weather stayed mild across the coast this week. Fishermen reported good catches near the harbour. "
	a := Document{Text: []byte(strings.Repeat("Local sports clubs held their annual meeting. ", 3) + strings.Join(src, " ") + " Markets closed higher.")}
	bText := other + strings.Join(reworded, " ") + " " + other
	b := Document{Text: []byte(bText)}
	d := New(Options{})
	m := d.Compare(a, b)
	require.Len(t, m.Passages, 1)
	p := m.Passages[0]
	start := strings.Index(bText, reworded[0])
	end := strings.Index(bText, reworded[3]) + len(reworded[3]) - 1 // before the final period
	assert.Equal(t, start, p.Start)
	assert.Equal(t, end, p.End)
	assert.Equal(t, strings.Join(src, " ")[:len(src[0])-1], string(a.Text[p.OtherStart:p.OtherStart+len(src[0])-1]))
	pa, pb := d.Prepare(a), d.Prepare(b)
	assert.Empty(t, cluster.Align(pb.e.words, pa.e.words, d.opts.Align), "no copy survives the rewording")

	// Add finds it with Options.Reworded, and only then, in a pair made
	// a candidate by a copied paragraph.
	copied := " The harbour authority said the new ferry terminal would open in the spring after two years of delays caused by storms, strikes and a dispute over the contract. "
	a2 := Document{ID: "a", Text: append(slices.Clone(a.Text), copied...)}
	b2 := Document{ID: "b", Text: []byte(other + copied + strings.Join(reworded, " ") + " " + other)}
	for _, on := range []bool{false, true} {
		d := New(Options{Reworded: on})
		_, err := d.Add(a2)
		require.NoError(t, err)
		res, err := d.Add(b2)
		require.NoError(t, err)
		require.Len(t, res.Matches, 1)
		ps := res.Matches[0].Passages
		require.Len(t, ps, 1)
		end := strings.Index(string(b2.Text), reworded[3])
		if on {
			assert.Greater(t, ps[0].End, end, "the copy extended over the reworded sentences")
		} else {
			assert.Less(t, ps[0].End, end, "the copied paragraph alone")
		}
	}

	// One shared reworded sentence among texts on the same subject is
	// not a passage.
	one := Document{Text: []byte(other + reworded[1] + " " + other)}
	assert.Empty(t, d.Compare(a, one).Passages)
}

// TestCompareRewordedAtStart: a reworded passage at the start of both
// documents, under half of each, is found; copied, it is found too: an
// opening copied by a text that goes on with its own is no site chrome.
func TestCompareRewordedAtStart(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 3))
	v := vocab(r, 5000)
	body := func() string {
		text := ""
		for range 12 {
			s := sentence(r, v, 15+r.IntN(10))
			text += " " + strings.ToUpper(s[:1]) + s[1:]
		}
		return text
	}
	d := New(Options{})
	a := Document{Text: []byte(strings.Join(rewordSrc, " ") + body())}
	b := Document{Text: []byte(strings.Join(rewordedSrc, " ") + body())}
	m := d.Compare(a, b)
	require.Len(t, m.Passages, 1)
	p := m.Passages[0]
	assert.Equal(t, 0, p.Start)
	assert.Equal(t, 0, p.OtherStart)
	assert.Less(t, 2*p.End, len(b.Text), "under half of b")
	end := len(strings.Join(rewordedSrc, " ")) - 1 // before the final period
	assert.Equal(t, end, p.End)

	copied := Document{Text: []byte(strings.Join(rewordSrc, " ") + body())}
	assert.Len(t, d.Compare(a, copied).Passages, 1, "an opening copy")
}
