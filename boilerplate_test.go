package dedupe

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/newsreuse/dedupe/cluster"
	"github.com/stretchr/testify/assert"
)

// TestIsTemplateFigureRate: a passage whose figures mostly differ is a
// template at rate 0; at figureRate only when the differing figures come
// at least once in 1/figureRate words of the shorter side. The oracle is
// the count of figures changed, which the texts are built from.
func TestIsTemplateFigureRate(t *testing.T) {
	r := rand.New(rand.NewPCG(4, 4))
	v := vocab(r, 3000)
	d := New(Options{})
	for trial := range 40 {
		n := 40 + r.IntN(120)
		changed := 2 + r.IntN(6)
		wa, wb := make([]string, n), make([]string, n)
		for i := range wa {
			wa[i] = v[r.IntN(len(v))]
			wb[i] = wa[i]
		}
		for k, i := range r.Perm(n)[:changed] {
			wa[i], wb[i] = fmt.Sprint(1000+k), fmt.Sprint(2000+k)
		}
		pa := d.prepare(Document{Text: []byte(strings.Join(wa, " "))}, false)
		pb := d.prepare(Document{Text: []byte(strings.Join(wb, " "))}, false)
		x := cluster.Match{AEnd: n, BEnd: n, Words: n}
		template := func(rate float64) bool {
			return isTemplate(pa.e.words, pa.e.positions(nil), pb.e.words, pb.e.positions(nil), x, false, rate)
		}
		assert.True(t, template(0), "trial %d", trial)
		assert.Equal(t, float64(changed) >= figureRate*float64(n), template(figureRate), "trial %d: %d of %d words", trial, changed, n)
	}
}
