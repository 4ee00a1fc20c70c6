package dedupe

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// copiesOf returns n documents: the AP seed story as it is (exact) or
// each with a header and a footer of its own (near-identical reprints).
func copiesOf(t testing.TB, n int, exact bool) []Document {
	t.Helper()
	ap := readSeeds(t)[0].Text
	docs := make([]Document, n)
	for i := range docs {
		text := ap
		if !exact {
			text = fmt.Appendf(nil, "Outlet %d News Service, report %d\n%s\nCopyright Outlet %d. All rights reserved.", i, i*7919%10007, ap, i)
		}
		docs[i] = Document{ID: fmt.Sprintf("copy%05d", i), Text: text}
	}
	return docs
}

// TestCopiesBoundedWork adds 2,000 copies of one story, exact and
// near-identical, and counts the candidates verified for each: at most a
// fixed number, whatever the number of earlier copies. Every copy joins
// the one cluster, whose source is the first copy; every earlier exact
// copy is either matched or counted as unverified.
func TestCopiesBoundedWork(t *testing.T) {
	const n = 2000
	for _, exact := range []bool{true, false} {
		t.Run(fmt.Sprintf("exact=%v", exact), func(t *testing.T) {
			d := New(Options{})
			most, pairs := 0, 0
			for i, doc := range copiesOf(t, n, exact) {
				before := d.verifications
				res, err := d.Add(doc)
				require.NoError(t, err)
				if i > 2*d.opts.maxDF() { // up to MaxDF copies, each verifies every earlier one
					most = max(most, d.verifications-before)
				}
				pairs += len(res.Matches)
				if i > 0 {
					require.NotEmpty(t, res.Matches, "copy %d", i)
					require.Equal(t, "c1", res.Cluster, "copy %d", i)
				}
				if exact {
					require.Equal(t, i, len(res.Matches)+res.Unverified, "copy %d: matched or counted", i)
				}
				for _, m := range res.Matches {
					require.True(t, m.NearDuplicate, "copy %d with %s", i, m.ID)
				}
			}
			// A constant: maxCopies near-duplicates, and the candidates
			// the passage index gives besides, which depend on which
			// shingles winnowing keeps (at most 35 over Options.Seed 0 to 7).
			assert.LessOrEqual(t, most, 3*maxCopies, "verifications for one copy")
			assert.LessOrEqual(t, pairs, (maxCopies+1)*n+d.opts.maxDF()*d.opts.maxDF(), "pairs")
			cs := d.Clusters()
			require.Len(t, cs, 1)
			assert.Len(t, cs[0].Members, n, "no copy lost from the cluster")
			assert.Equal(t, "copy00000", cs[0].Source)
		})
	}
}

// TestCopiesAddAllMatchesAdd checks that the bounds on copies give the
// same results through AddAll's workers as one Add after another (which
// verifies a document's candidates on two goroutines).
func TestCopiesAddAllMatchesAdd(t *testing.T) {
	docs := append(copiesOf(t, 300, false), copiesOf(t, 300, true)...)
	for i := 300; i < len(docs); i++ {
		docs[i].ID = fmt.Sprintf("exact%05d", i)
	}
	want := addEach(t, New(Options{}), docs)
	var got []Result
	New(Options{}).AddAll(slices.Values(docs), 2, func(res Result, err error) bool {
		require.NoError(t, err)
		got = append(got, res)
		return true
	})
	assert.Equal(t, want, got)
	unverified := 0
	for _, r := range got {
		unverified += r.Unverified
	}
	assert.Positive(t, unverified, "the bounds were reached")
}

// TestCopiesKeepOtherLinks checks that the bounds cost only redundant
// pairs: a local story quoting two paragraphs of a story reprinted a
// thousand times still links to it, and so does a copy of another story
// added among them.
func TestCopiesKeepOtherLinks(t *testing.T) {
	seeds := readSeeds(t)
	d := New(Options{})
	for _, doc := range copiesOf(t, 1000, false) {
		_, err := d.Add(doc)
		require.NoError(t, err)
	}
	// The Iran Daily story quotes three paragraphs of the AP story.
	res, err := d.Add(Document{ID: "iran", Text: seeds[2].Text})
	require.NoError(t, err)
	require.NotEmpty(t, res.Matches)
	assert.Equal(t, "c1", res.Cluster)
	for _, m := range res.Matches {
		require.NotEmpty(t, m.Passages)
		got := string(seeds[2].Text[m.Passages[0].Start:m.Passages[0].End])
		assert.True(t, strings.HasPrefix(got, "Armenia and Azerbaijan"), "passage %q", got)
	}
	// Another story, copied twice among the copies, is still found.
	_, err = d.Add(Document{ID: "trt", Text: seeds[4].Text})
	require.NoError(t, err)
	res, err = d.Add(Document{ID: "trt-again", Text: seeds[4].Text})
	require.NoError(t, err)
	require.Len(t, res.Matches, 1)
	assert.Equal(t, "trt", res.Matches[0].ID)
}

// BenchmarkAddCopy adds one more exact copy of a story to a Detector
// holding 3,000 copies of it: the cost of the biggest story of the day's
// next reprint, which does not grow with the copies before it.
func BenchmarkAddCopy(b *testing.B) {
	docs := copiesOf(b, 3000, true)
	d := New(Options{})
	for _, doc := range docs {
		if _, err := d.Add(doc); err != nil {
			b.Fatal(err)
		}
	}
	text := docs[0].Text
	matches, i := 0, 0
	for b.Loop() {
		res, err := d.Add(Document{ID: fmt.Sprintf("more%07d", i), Text: text})
		if err != nil {
			b.Fatal(err)
		}
		matches += len(res.Matches)
		i++
	}
	b.ReportMetric(float64(matches)/float64(i), "matches/op")
}
