package dedupe

import (
	"fmt"
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

// TestCopyEndingInFooter: a reworded copy keeps the last 26 words of its
// story as written, from the middle of a sentence, and both print the
// outlet's footer after them. Aligned, the passage runs from those words
// to the end of both documents, and once the footer is masked as common
// (two other stories print it) its rare part is shorter than a strong
// link: the end of a copy before chrome (endsInChrome), not chrome. With
// another figure among those words, it is a template's tail before the
// footer, and chrome.
func TestCopyEndingInFooter(t *testing.T) {
	r := rand.New(rand.NewPCG(37, 1))
	v := vocab(r, 5000)
	words := func(n int) string { return sentence(r, v, n) }
	plain := func(n int) string { return strings.TrimSuffix(words(n), ".") }
	footer := "\n\nSign up for Morning Briefing and get the day's top stories delivered to your inbox every morning.\n© 2024 The Daily Courier. All rights reserved. Privacy Policy | Terms of Service | Contact Us"
	head, rest := plain(10), plain(14)
	for _, c := range []struct {
		figure string
		linked bool
	}{{"62", true}, {"64", false}} {
		t.Run(c.figure, func(t *testing.T) {
			add := adder(t, New(Options{}))
			for i := range 2 {
				add(fmt.Sprint("other", i), words(120)+footer)
			}
			add("story", words(100)+"\n\n"+words(12)+" "+head+" at 62 "+rest+"."+footer)
			res := add("copy", words(90)+"\n\n"+words(12)+" "+head+" at "+c.figure+" "+rest+"."+footer)
			assert.Equal(t, c.linked, linkedTo(res, "story"), "%v", res.Matches)
		})
	}
}
