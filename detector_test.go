package dedupe

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newsreuse/dedupe/synth"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func readSeeds(t testing.TB) []Document {
	t.Helper()
	files, err := filepath.Glob("testdata/seeds/*.txt")
	require.NoError(t, err)
	require.Len(t, files, 5)
	var docs []Document
	for _, f := range files {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		docs = append(docs, Document{ID: filepath.Base(f), Text: b})
	}
	return docs
}

// wordStarts returns the byte offsets at which words start in text.
func wordStarts(text []byte) []int {
	var out []int
	for i := range text {
		if isAlnum(text[i]) && (i == 0 || !isAlnum(text[i-1])) {
			out = append(out, i)
		}
	}
	return out
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
}

// withinAWord reports whether offsets got and want are at most one word
// apart in text.
func withinAWord(text []byte, got, want int) bool {
	lo, hi := min(got, want), max(got, want)
	n := 0
	for _, s := range wordStarts(text) {
		if s > lo && s <= hi {
			n++
		}
	}
	return n <= 1
}

// TestSeeds is the acceptance test of the sample corpus: the AP story and
// Iran Daily share one passage, located to within a word in both files;
// nothing else links.
func TestSeeds(t *testing.T) {
	d := New(Options{})
	texts := make(map[string][]byte)
	for _, doc := range readSeeds(t) {
		_, err := d.Add(doc)
		require.NoError(t, err)
		texts[doc.ID] = doc.Text
	}
	pairs := d.Pairs()
	require.Len(t, pairs, 1)
	p := pairs[0]
	assert.Equal(t, "000_0f95fddf84ee6d2d.txt", p.A)
	assert.Equal(t, "002_9b9c189b77a28c48.txt", p.B)
	assert.False(t, p.Match.NearDuplicate)
	assert.InDelta(t, 0.13, p.Match.Jaccard, 0.03)
	textA, textB := texts[p.A], texts[p.B]
	const first, last = "Armenia and Azerbaijan have been locked", "to monitor the peace deal."
	require.Len(t, p.Match.Passages, 1)
	ps := p.Match.Passages[0]
	for _, side := range []struct {
		text       []byte
		start, end int
	}{{textA, ps.OtherStart, ps.OtherEnd}, {textB, ps.Start, ps.End}} {
		ws := bytes.Index(side.text, []byte(first))
		we := bytes.Index(side.text, []byte(last)) + len(last)
		require.True(t, ws >= 0 && we > ws)
		assert.True(t, withinAWord(side.text, side.start, ws), "passage starts at %d, AP passage at %d", side.start, ws)
		assert.True(t, withinAWord(side.text, side.end, we), "passage ends at %d, AP passage at %d", side.end, we)
	}
	clusters := d.Clusters()
	require.Len(t, clusters, 1)
	assert.Equal(t, []string{p.A, p.B}, clusters[0].Members)
}

func TestSeedsLaterEventUnlinked(t *testing.T) {
	d := New(Options{})
	for _, doc := range readSeeds(t)[3:] {
		_, err := d.Add(doc)
		require.NoError(t, err)
	}
	assert.Empty(t, d.Pairs())
	assert.Empty(t, d.Clusters())
}

// vocab makes a vocabulary of distinct made-up words.
func vocab(r *rand.Rand, n int) []string {
	const letters = "abcdefghijklmnopqrstuvwxyz"
	seen := map[string]bool{}
	var out []string
	for len(out) < n {
		b := make([]byte, 3+r.IntN(7))
		for i := range b {
			b[i] = letters[r.IntN(len(letters))]
		}
		if !seen[string(b)] {
			seen[string(b)] = true
			out = append(out, string(b))
		}
	}
	return out
}

func sentence(r *rand.Rand, v []string, n int) string {
	w := make([]string, n)
	for i := range w {
		w[i] = v[r.IntN(len(v))]
	}
	return strings.Join(w, " ") + "."
}

// TestFooterLinksNothing: a third of unrelated stories end with the same
// site footer; no pair may come from it, while a real copy among them is
// still found.
func TestFooterLinksNothing(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	v := vocab(r, 5000)
	footer := "\n\n© 2024 The Daily Courier. All rights reserved. This material may not be published, broadcast, rewritten or redistributed. Subscribe to our newsletter for the latest headlines, privacy policy, terms of use, contact us, advertise with us, careers."
	d := New(Options{})
	var story string
	texts := make(map[string][]byte)
	for i := range 60 {
		text := ""
		for range 6 + r.IntN(6) {
			text += sentence(r, v, 10+r.IntN(20)) + " "
		}
		if i == 10 {
			story = text
		}
		if i%3 == 0 {
			text += footer
		}
		id := fmt.Sprintf("doc%02d", i)
		texts[id] = []byte(text)
		res, err := d.Add(Document{ID: id, Text: []byte(text)})
		require.NoError(t, err)
		assert.Empty(t, res.Matches, "doc%02d", i)
	}
	// A reprint of doc10 under a new headline, with the footer, is found.
	res, err := d.Add(Document{ID: "reprint", Text: []byte("Local headline here\n\n" + story + footer)})
	require.NoError(t, err)
	require.Len(t, res.Matches, 1)
	assert.Equal(t, "doc10", res.Matches[0].ID)
	require.Len(t, res.Matches[0].Passages, 1)
	ps := res.Matches[0].Passages[0]
	text := texts["doc10"]
	assert.Equal(t, strings.TrimSuffix(strings.TrimSpace(story), "."), string(text[ps.OtherStart:ps.OtherEnd]), "the passage spans the story's words")
	require.Len(t, d.Pairs(), 1)
}

func TestDuplicateID(t *testing.T) {
	d := New(Options{})
	_, err := d.Add(Document{ID: "a", Text: []byte("one two three")})
	require.NoError(t, err)
	_, err = d.Add(Document{ID: "a", Text: []byte("four")})
	require.ErrorIs(t, err, ErrDuplicateID)
	assert.Equal(t, 1, d.Len())
}

func TestPreparedAddedOnce(t *testing.T) {
	d := New(Options{})
	text := []byte("the same words in the same order make a copy of the story")
	p := d.Prepare(Document{ID: "a", Text: text})
	_, err := d.AddPrepared(p)
	require.NoError(t, err)
	// Its buffers went back to a pool and may belong to another document.
	_, err = d.AddPrepared(p)
	require.ErrorIs(t, err, ErrPreparedAdded)
	res, err := d.AddPrepared(d.Prepare(Document{ID: "b", Text: text}))
	require.NoError(t, err)
	require.Len(t, res.Matches, 1)
	assert.True(t, res.Matches[0].NearDuplicate)
	assert.Equal(t, 2, d.Len())
}

func TestEmptyAndTinyDocuments(t *testing.T) {
	d := New(Options{})
	for i, s := range []string{"", " ", "...", "one", "one", "\xff\xfe"} {
		_, err := d.Add(Document{ID: fmt.Sprint(i), Text: []byte(s)})
		require.NoError(t, err)
	}
	// The two identical one-word documents are exact duplicates.
	pairs := d.Pairs()
	require.Len(t, pairs, 1)
	assert.Equal(t, "3", pairs[0].A)
	assert.Equal(t, "4", pairs[0].B)
	assert.True(t, pairs[0].Match.NearDuplicate)
}

// TestHTMLOffsets: passages in HTML documents are located in the markup.
func TestHTMLOffsets(t *testing.T) {
	docs := readSeeds(t)
	plain := docs[0]
	var html bytes.Buffer
	html.WriteString("<html><head><style>p{}</style></head><body><nav>Home | World</nav>")
	for para := range strings.SplitSeq(string(docs[2].Text), "\n\n") {
		html.WriteString("<p>" + strings.ReplaceAll(para, "’", "&rsquo;") + "</p>\n")
	}
	html.WriteString("</body></html>")
	d := New(Options{})
	_, err := d.Add(plain)
	require.NoError(t, err)
	res, err := d.Add(Document{ID: "iran.html", Text: html.Bytes(), HTML: true})
	require.NoError(t, err)
	require.Len(t, res.Matches, 1)
	require.Len(t, res.Matches[0].Passages, 1)
	ps := res.Matches[0].Passages[0]
	got := html.Bytes()[ps.Start:ps.End]
	assert.True(t, bytes.HasPrefix(got, []byte("Armenia and Azerbaijan have been locked")), "%q", got)
	assert.Contains(t, string(got), "</p>", "the passage spans paragraphs of the markup")
}

func TestDeterministic(t *testing.T) {
	run := func() string {
		d := New(Options{})
		for _, doc := range readSeeds(t) {
			_, err := d.Add(doc)
			require.NoError(t, err)
		}
		return fmt.Sprintf("%+v %+v", d.Pairs(), d.Clusters())
	}
	assert.Equal(t, run(), run())
}

// TestConcurrentAdd adds copies from many goroutines: every copy must be
// linked to its original, as the Detector promises under concurrency.
func TestConcurrentAdd(t *testing.T) {
	docs := readSeeds(t)
	d := New(Options{})
	for _, doc := range docs {
		_, err := d.Add(doc)
		require.NoError(t, err)
	}
	var wg sync.WaitGroup
	for i := range 40 {
		wg.Go(func() {
			src := docs[i%len(docs)]
			res, err := d.Add(Document{ID: fmt.Sprintf("copy%d", i), Text: append([]byte("Reprinted. "), src.Text...), Time: time.Unix(int64(i), 0)})
			assert.NoError(t, err)
			ids := []string{}
			for _, m := range res.Matches {
				ids = append(ids, m.ID)
			}
			assert.Contains(t, ids, src.ID)
		})
	}
	wg.Wait()
	assert.Equal(t, 45, d.Len())
}

// addEach adds docs to d one by one and returns the results.
func addEach(t *testing.T, d *Detector, docs []Document) []Result {
	t.Helper()
	var out []Result
	for _, doc := range docs {
		res, err := d.Add(doc)
		require.NoError(t, err)
		out = append(out, res)
	}
	return out
}

func TestAddAllMatchesAdd(t *testing.T) {
	docs := readSeeds(t)
	one := New(Options{})
	want := addEach(t, one, docs)
	all := New(Options{})
	var got []Result
	seq := func(yield func(Document) bool) {
		for _, doc := range docs {
			if !yield(doc) {
				return
			}
		}
	}
	all.AddAll(seq, 3, func(res Result, err error) bool {
		require.NoError(t, err)
		got = append(got, res)
		return true
	})
	assert.Equal(t, want, got)
	// Stopping early stops.
	n := 0
	New(Options{}).AddAll(seq, 2, func(Result, error) bool { n++; return n < 2 })
	assert.Equal(t, 2, n)
}

func TestSimilarity(t *testing.T) {
	docs := readSeeds(t)
	d := New(Options{})
	assert.Equal(t, 1.0, d.Similarity(docs[0], docs[0]), "a copy derives wholly")
	partial := d.Similarity(docs[0], docs[2])
	assert.Greater(t, partial, 0.1, "Iran Daily carries an AP passage")
	assert.Less(t, partial, 0.5)
	assert.Less(t, d.Similarity(docs[0], docs[4]), 0.05, "a later, unrelated report")
	assert.Equal(t, 0.0, d.Similarity(docs[0], Document{}))
}

// TestAddAllMatchesAddCorpus: on a generated corpus of many batches, with
// passages, boilerplate and clusters, AddAll gives exactly what adding the
// documents one by one gives, whatever the number of workers.
func TestAddAllMatchesAddCorpus(t *testing.T) {
	c := synth.Generate(synth.Options{Seed: 9, Stories: 130})
	var docs []Document
	for _, d := range c.Docs {
		docs = append(docs, Document{ID: d.ID, Text: []byte(d.Text), Time: d.Time})
	}
	require.Greater(t, len(docs), 10*batchSize)
	one := New(Options{})
	want := addEach(t, one, docs)
	require.NotEmpty(t, one.Pairs())
	for _, workers := range []int{1, 2, 5} {
		all := New(Options{})
		var got []Result
		all.AddAll(slices.Values(docs), workers, func(res Result, err error) bool {
			require.NoError(t, err)
			got = append(got, res)
			return true
		})
		assert.Equal(t, want, got, "%d workers", workers)
		assert.Equal(t, one.Pairs(), all.Pairs(), "%d workers", workers)
		assert.Equal(t, one.Clusters(), all.Clusters(), "%d workers", workers)
	}
}

// TestDistinct checks distinct against sorting and compacting.
func TestDistinct(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for n := range 300 {
		s := make([]uint64, n)
		for i := range s {
			s[i] = uint64(r.IntN(n/2 + 1))
			if r.IntN(10) == 0 {
				s[i] = ^uint64(0) - s[i] // high values too
			}
		}
		want := slices.Clone(s)
		slices.Sort(want)
		want = slices.Compact(want)
		got := distinct(slices.Clone(s))
		require.Len(t, got, len(want), "n=%d", n)
		slices.Sort(got)
		require.Equal(t, want, got, "n=%d", n)
	}
}

// TestAddSplitVerification: Add verifies a document with many candidates
// on two goroutines; what it finds is what AddAll, which never splits,
// finds. Edited reprints of one story give later reprints dozens of
// candidates.
func TestAddSplitVerification(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	c := synth.Generate(synth.Options{Seed: 3, Stories: 4})
	r := rand.New(rand.NewPCG(1, 2))
	var docs []Document
	for i := range 3 * splitVerify {
		words := strings.Fields(c.Docs[0].Text)
		for range 3 { // an edit or two
			words[r.IntN(len(words))] = fmt.Sprintf("edit%d", r.IntN(1000))
		}
		docs = append(docs, Document{ID: fmt.Sprint("reprint", i), Text: []byte(strings.Join(words, " "))})
		if i%10 == 0 {
			d := c.Docs[1+i/10%(len(c.Docs)-1)]
			docs = append(docs, Document{ID: d.ID, Text: []byte(d.Text)})
		}
	}
	want := addEach(t, New(Options{}), docs)
	most := 0
	for _, res := range want {
		most = max(most, len(res.Matches))
	}
	require.GreaterOrEqual(t, most, 2*splitVerify, "some documents should have split")
	var got []Result
	New(Options{}).AddAll(slices.Values(docs), 1, func(res Result, err error) bool {
		require.NoError(t, err)
		got = append(got, res)
		return true
	})
	assert.Equal(t, want, got)
}
