package dedupe

import (
	"errors"
	"math"
	"slices"
	"strconv"
	"testing"

	"github.com/newsreuse/dedupe/cluster"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestValidate checks every field at its bounds: 0 (the default) and the
// range's ends are valid, a step beyond either end and any negative value
// are not, and the error names the field, the value and the range.
func TestValidate(t *testing.T) {
	ints := []struct {
		field string
		set   func(*Options, int)
		high  int
	}{
		{"Shingle", func(o *Options, v int) { o.Shingle = v }, 32},
		{"Permutations", func(o *Options, v int) { o.Permutations = v }, 1024},
		{"Hamming", func(o *Options, v int) { o.Hamming = v }, 64},
		{"Window", func(o *Options, v int) { o.Window = v }, 256},
		{"MinShared", func(o *Options, v int) { o.MinShared = v }, math.MaxInt32},
		{"MaxDF", func(o *Options, v int) { o.MaxDF = v }, 65536},
		{"MaxDocumentBytes", func(o *Options, v int) { o.MaxDocumentBytes = v }, math.MaxInt32},
		{"Align.SeedK", func(o *Options, v int) { o.Align.SeedK = v }, 32},
		{"Align.MaxGap", func(o *Options, v int) { o.Align.MaxGap = v }, 256},
		{"Align.MinWords", func(o *Options, v int) { o.Align.MinWords = v }, math.MaxInt32},
		{"Align.MinRun", func(o *Options, v int) { o.Align.MinRun = v }, math.MaxInt32},
		{"Align.MaxRepeat", func(o *Options, v int) { o.Align.MaxRepeat = v }, 1024},
		{"Sentences.MaxGap", func(o *Options, v int) { o.Sentences.MaxGap = v }, 256},
		{"Sentences.SummaryGap", func(o *Options, v int) { o.Sentences.SummaryGap = v }, 256},
		{"Sentences.MinBytes", func(o *Options, v int) { o.Sentences.MinBytes = v }, math.MaxInt32},
		{"Sentences.MinSeeds", func(o *Options, v int) { o.Sentences.MinSeeds = v }, math.MaxInt32},
	}
	for _, f := range ints {
		for _, v := range []int{0, 1, f.high} {
			var o Options
			f.set(&o, v)
			assert.NoError(t, o.Validate(), "%s = %d", f.field, v)
		}
		for _, v := range []int{-1, math.MinInt, f.high + 1, math.MaxInt} {
			var o Options
			f.set(&o, v)
			err := o.Validate()
			var oe *OptionError
			if assert.True(t, errors.As(err, &oe), "%s = %d", f.field, v) {
				assert.Equal(t, OptionError{f.field, itoa(v), "[1, " + itoa(f.high) + "]"}, *oe)
			}
		}
	}
	fracs := []struct {
		field string
		set   func(*Options, float64)
	}{
		{"Threshold", func(o *Options, v float64) { o.Threshold = v }},
		{"Align.MinDensity", func(o *Options, v float64) { o.Align.MinDensity = v }},
		{"Sentences.MinCosine", func(o *Options, v float64) { o.Sentences.MinCosine = v }},
		{"Sentences.MinDice", func(o *Options, v float64) { o.Sentences.MinDice = v }},
		{"Sentences.MinPassageCosine", func(o *Options, v float64) { o.Sentences.MinPassageCosine = v }},
		{"Sentences.MinBestCosine", func(o *Options, v float64) { o.Sentences.MinBestCosine = v }},
	}
	for _, f := range fracs {
		for _, v := range []float64{0, math.SmallestNonzeroFloat64, 0.5, 1} {
			var o Options
			f.set(&o, v)
			assert.NoError(t, o.Validate(), "%s = %v", f.field, v)
		}
		for _, v := range []float64{-0.1, math.Nextafter(1, 2), 2, math.Inf(1), math.Inf(-1), math.NaN()} {
			var o Options
			f.set(&o, v)
			err := o.Validate()
			var oe *OptionError
			if assert.True(t, errors.As(err, &oe), "%s = %v", f.field, v) {
				assert.Equal(t, f.field, oe.Field)
				assert.Equal(t, "(0, 1]", oe.Range)
			}
		}
	}
	o := Options{Threshold: 2}
	assert.EqualError(t, o.Validate(), "dedupe: Options.Threshold 2 out of range (0, 1]")
}

func itoa(v int) string { return strconv.Itoa(v) }

// TestNewInvalidOptions: a Detector made from options out of range
// returns Validate's error for every document, from Add and AddAll, and
// changes nothing.
func TestNewInvalidOptions(t *testing.T) {
	opts := Options{Threshold: 1.5}
	want := opts.Validate()
	require.Error(t, want)
	d := New(opts)
	doc := Document{ID: "a", Text: []byte("a few words of a story that is long enough to shingle")}
	_, err := d.Add(doc)
	assert.Equal(t, want, err)
	n := 0
	d.AddAll(slices.Values([]Document{doc, doc}), 2, func(_ Result, err error) bool {
		assert.Equal(t, want, err)
		n++
		return true
	})
	assert.Equal(t, 2, n)
	assert.Zero(t, d.Len())
	assert.Zero(t, d.Compare(doc, doc).Jaccard)
	d = New(Options{Threshold: 1, Shingle: 32, Permutations: 1024, Hamming: 64})
	_, err = d.Add(doc)
	assert.NoError(t, err)
}

// FuzzOptions: for any numeric fields, neither Validate nor New panics; a
// Detector made from invalid options returns Validate's error from Add;
// and one made from valid options adds and compares documents.
func FuzzOptions(f *testing.F) {
	f.Add(0, 0.0, 0, 0, 0, 0, 0, 0, 0, 0, 0.0, 0, 0.0)
	f.Add(5, 0.8, 128, 3, 8, 2, 50, 3, 8, 20, 0.6, 16, 0.3)
	f.Add(32, 1.0, 1024, 64, 256, 1, 1, 32, 256, 1, 1.0, 1024, 1.0)
	f.Add(1, 1e-300, 1, 1, 1, 1, 1, 1, 1, 1, 1e-300, 1, 1e-300)
	f.Add(-1, 2.0, 100000, 65, 257, -3, 70000, 33, 300, -1, 5.0, 2000, math.NaN())
	text := []byte("the same words in the same order make a copy of the story, " +
		"and a copy of the story is what the detector is looking for in the news today")
	f.Fuzz(func(t *testing.T, shingle int, threshold float64, perms, hamming, window, minShared, maxDF, seedK, maxGap, minWords int, density float64, maxRepeat int, cosine float64) {
		o := Options{
			Shingle: shingle, Threshold: threshold, Permutations: perms, Hamming: hamming,
			Window: window, MinShared: minShared, MaxDF: maxDF,
			Align:     cluster.AlignOptions{SeedK: seedK, MaxGap: maxGap, MinWords: minWords, MinDensity: density, MaxRepeat: maxRepeat},
			Sentences: cluster.SentenceOptions{MinCosine: cosine},
		}
		err := o.Validate()
		if err != nil {
			_, addErr := New(o).Add(Document{ID: "a", Text: text})
			assert.Equal(t, err, addErr)
			return
		}
		d := New(o)
		_, err = d.Add(Document{ID: "a", Text: text})
		require.NoError(t, err)
		res, err := d.Add(Document{ID: "b", Text: text})
		require.NoError(t, err)
		require.Len(t, res.Matches, 1, "a copy is found under any valid options")
		assert.True(t, res.Matches[0].NearDuplicate)
		d.Compare(Document{Text: text}, Document{Text: text[10:]})
	})
}

// TestTooLarge: a document over Options.MaxDocumentBytes is refused by
// Add, AddPrepared and AddAll with ErrTooLarge naming it, and leaves the
// Detector as it was: the ID stays free and nothing links to the text.
func TestTooLarge(t *testing.T) {
	text := []byte("the same words in the same order make a copy of the story")
	big := append(slices.Clone(text), " and then some more"...)
	d := New(Options{MaxDocumentBytes: len(text)})
	_, err := d.Add(Document{ID: "a", Text: text})
	require.NoError(t, err)

	_, err = d.Add(Document{ID: "big", Text: big})
	require.ErrorIs(t, err, ErrTooLarge)
	assert.Contains(t, err.Error(), `"big"`)
	assert.Contains(t, err.Error(), itoa(len(text)))
	p := d.Prepare(Document{ID: "big", Text: big})
	_, err = d.AddPrepared(p)
	require.ErrorIs(t, err, ErrTooLarge)
	var errs []error
	d.AddAll(slices.Values([]Document{{ID: "big", Text: big}}), 2, func(_ Result, err error) bool {
		errs = append(errs, err)
		return true
	})
	require.Len(t, errs, 1)
	require.ErrorIs(t, errs[0], ErrTooLarge)
	assert.Equal(t, 1, d.Len())
	assert.Empty(t, d.Pairs())

	// The refused ID was never taken, and the default limit is 64 MiB.
	res, err := d.Add(Document{ID: "big", Text: text})
	require.NoError(t, err)
	require.Len(t, res.Matches, 1)
	assert.Equal(t, "a", res.Matches[0].ID)
	assert.Equal(t, 64<<20, Options{}.maxDocumentBytes())
}
