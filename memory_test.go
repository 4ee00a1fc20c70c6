package dedupe

import (
	"runtime"
	"strings"
	"testing"

	"github.com/newsreuse/dedupe/cluster"
	"github.com/newsreuse/dedupe/shingle"
	"github.com/newsreuse/dedupe/synth"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// largeText returns about n bytes of generated news text, one story after
// another.
func largeText(n int) []byte {
	c := synth.Generate(synth.Options{Seed: 3, TargetBytes: int64(n) + int64(n)/4})
	var b strings.Builder
	for _, d := range c.Docs {
		if b.Len()+len(d.Text) > n {
			break
		}
		b.WriteString(d.Text)
		b.WriteString("\n\n")
	}
	return []byte(b.String())
}

// TestPrepareBytesPerWord bounds what preparing a large document
// allocates, and so its peak memory, per word: tokens are streamed and
// every per-word buffer is sized once (see prepare).
func TestPrepareBytesPerWord(t *testing.T) {
	if testing.Short() {
		t.Skip("prepares a 12 MB document")
	}
	if raceEnabled {
		t.Skip("the race detector changes what allocates")
	}
	text := largeText(12 << 20)
	for _, tc := range []struct {
		name  string
		opts  Options
		bound float64 // bytes allocated per word
	}{
		{"default", Options{}, 34},                 // measured 30.2
		{"near-only", Options{NearOnly: true}, 28}, // 24.0
		{"reworded", Options{Reworded: true}, 38},  // 33.7
	} {
		d := New(tc.opts)
		d.Prepare(Document{ID: "warm", Text: text[:1000]}).release()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		p := d.Prepare(Document{ID: "big", Text: text})
		runtime.ReadMemStats(&after)
		words := len(p.e.words)
		if words <= maxPooled {
			t.Fatalf("%d words: not larger than the pools keep", words)
		}
		perWord := float64(after.TotalAlloc-before.TotalAlloc) / float64(words)
		t.Logf("%s: %d words, %.1f bytes allocated a word", tc.name, words, perWord)
		if perWord > tc.bound {
			t.Errorf("%s: Prepare allocated %.1f bytes a word, want at most %.0f", tc.name, perWord, tc.bound)
		}
		p.release()
	}
}

// TestPrepareLargeMatchesTokens: what Prepare keeps of a document of
// several blocks (blockLen) of words, taken tokenChunk tokens at a time,
// equals what the document's tokens, all at once, give.
func TestPrepareLargeMatchesTokens(t *testing.T) {
	text := largeText(1 << 20)
	toks := shingle.Shingler{}.AppendTokens(nil, text)
	require.Greater(t, len(toks), 2*blockLen)
	var words []uint16
	var offs []byte
	prevEnd := 0
	for _, tk := range toks {
		words = append(words, shingle.Word(tk.Hash))
		offs = appendPos(offs, tk.Start-prevEnd, tk.End-tk.Start, wordClass(text[tk.Start:tk.End]))
		prevEnd = tk.End
	}
	terms, breaks := cluster.AppendTerms(nil, nil, text, toks)
	d := New(Options{Reworded: true})
	for range 2 { // the second time with pooled buffers
		p := d.Prepare(Document{ID: "big", Text: text})
		assert.Equal(t, words, p.e.words)
		assert.Equal(t, offs, p.e.offs)
		assert.Equal(t, terms, p.e.terms)
		assert.Equal(t, breaks, p.e.breaks)
		assert.Equal(t, len(p.e.words), cap(p.e.words), "kept at the exact size")
		p.release()
	}
}
