package dedupe

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestOpeningCopy: a text that copies the opening of another (70 words)
// and goes on with its own text is linked, in the stream and by Compare,
// though the passage is at the start of both and under half of each;
// pages that share only a site header (30 words) at their start and
// differ after it are not.
func TestOpeningCopy(t *testing.T) {
	r := rand.New(rand.NewPCG(17, 3))
	v := vocab(r, 5000)
	prose := func(words int) string {
		var b strings.Builder
		for n := 0; n < words; {
			k := 12 + r.IntN(10)
			s := sentence(r, v, k)
			b.WriteString(strings.ToUpper(s[:1]) + s[1:] + " ")
			n += k
		}
		return b.String()
	}
	opening := prose(70)
	orig := Document{ID: "orig", Text: []byte(opening + "\n\n" + prose(250))}
	reuse := Document{ID: "reuse", Text: []byte(opening + "\n\n" + prose(250))}
	header := "Daily Courier\nHome | News | Sports | Business | Opinion | Obituaries | Weather | Events | Classifieds | Jobs | Real Estate | Autos\nSubscribe | Sign In | e-Edition | Newsletters | Contact\n\n"
	page1 := Document{ID: "page1", Text: []byte(header + prose(300))}
	page2 := Document{ID: "page2", Text: []byte(header + prose(300))}

	d := New(Options{})
	m := d.Compare(orig, reuse)
	require.Len(t, m.Passages, 1, "Compare: the opening")
	assert.Equal(t, 0, m.Passages[0].Start)
	assert.Less(t, m.Passages[0].End, len(opening)+2)
	assert.Empty(t, d.Compare(page1, page2).Passages, "Compare: a header")

	for _, doc := range []Document{page1, orig, page2, reuse} {
		_, err := d.Add(doc)
		require.NoError(t, err)
	}
	var got []string
	for _, p := range d.Pairs() {
		got = append(got, p.A+"-"+p.B)
	}
	assert.Equal(t, []string{"orig-reuse"}, got)
}
