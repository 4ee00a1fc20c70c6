package minhash

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The expected values below were computed exactly, with rational arithmetic on
// the binomial expansion of the integrands (Python fractions), not with
// another quadrature.

func TestParams(t *testing.T) {
	tests := []struct {
		threshold   float64
		size        int
		bands, rows int
	}{
		{0.8, 128, 9, 13},
		{0.5, 128, 25, 5},
		{0.75, 256, 21, 12}, // also datasketch's documented optimal_param(0.75, 256)
		{0.9, 128, 5, 25},   // runner-up only 2.2e-7 worse
		{0.3, 128, 37, 3},   // runner-up only 1.5e-6 worse
		{0.8, 64, 5, 11},
		{0.5, 256, 42, 6},
		{0.7, 128, 14, 9},
		{0.6, 128, 18, 7},
		{0.8, 256, 17, 15},
		{0.95, 128, 3, 42},
		{0.1, 128, 64, 2},
		{0.5, 16, 5, 3},
		{0.5, 1, 1, 1},
		{0.85, 200, 11, 18},
		{0.8, 0, 9, 13}, // 0 means DefaultSize
	}
	for _, tc := range tests {
		b, r := Params(tc.threshold, tc.size)
		assert.Equal(t, [2]int{tc.bands, tc.rows}, [2]int{b, r}, "Params(%v, %d)", tc.threshold, tc.size)
	}
}

func TestParamsBounds(t *testing.T) {
	for _, size := range []int{1, 2, 3, 7, 32, 64, 100, 128, 255} {
		for _, th := range []float64{0, 0.05, 0.2, 0.5, 0.8, 0.99, 1} {
			b, r := Params(th, size)
			require.GreaterOrEqual(t, b, 1)
			require.GreaterOrEqual(t, r, 1)
			require.LessOrEqual(t, b*r, size, "Params(%v, %d) = %d, %d", th, size, b, r)
		}
	}
	// The S-curve's inflection (1/b)^(1/r) lies near the threshold.
	for _, th := range []float64{0.5, 0.7, 0.8, 0.9} {
		b, r := Params(th, 128)
		assert.InDelta(t, th, math.Pow(1/float64(b), 1/float64(r)), 0.1, "threshold %v", th)
	}
}

func TestParamsDeterministic(t *testing.T) {
	b1, r1 := Params(0.83, 192)
	b2, r2 := Params(0.83, 192)
	require.Equal(t, [2]int{b1, r1}, [2]int{b2, r2})
}

func TestParamsPanics(t *testing.T) {
	assert.PanicsWithValue(t, "minhash: threshold out of [0, 1]", func() { Params(-0.1, 128) })
	assert.PanicsWithValue(t, "minhash: threshold out of [0, 1]", func() { Params(1.5, 128) })
	assert.PanicsWithValue(t, "minhash: threshold out of [0, 1]", func() { Params(math.NaN(), 128) })
	assert.PanicsWithValue(t, "minhash: size out of range", func() { Params(0.5, -1) })
}

// TestLSHErrors checks the quadrature against exact areas.
func TestLSHErrors(t *testing.T) {
	tests := []struct {
		threshold float64
		b, r      int
		want      float64
	}{
		{0.8, 9, 13, 0.029296999607785236},
		{0.8, 1, 1, 0.17},
		{0.8, 128, 1, 0.39612403100775195},
		{0.8, 1, 128, 0.09612403100775437},
		{0.8, 5, 25, 0.05745909831164731},
		{0.8, 16, 8, 0.06976874700918682},
		{0.8, 3, 42, 0.07883107794099604},
		{0.5, 25, 5, 0.04373705032303579},
		{0.5, 2, 64, 0.23849135360763268},
		{0.5, 64, 2, 0.19493274360415386},
		{0.05, 1, 1, 0.22625},
		{0.05, 42, 3, 0.10284045821563534},
		{0.97, 2, 60, 0.007645670395529278},
		{0.97, 1, 1, 0.23545},
	}
	cache := map[float64][][]float64{}
	for _, tc := range tests {
		errs, ok := cache[tc.threshold]
		if !ok {
			errs = lshErrors(tc.threshold, 128, 0.5)
			cache[tc.threshold] = errs
		}
		assert.InDelta(t, tc.want, errs[tc.b-1][tc.r-1], 1e-13, "t=%v b=%d r=%d", tc.threshold, tc.b, tc.r)
	}
}

// TestParamsWeighted checks ParamsWeighted against a brute-force search
// over every (b, r) with the weighted error integrated by the midpoint
// rule, and that weighting false negatives up raises the chance of
// finding a pair at the threshold.
func TestParamsWeighted(t *testing.T) {
	p := func(s float64, b, r int) float64 { return 1 - math.Pow(1-math.Pow(s, float64(r)), float64(b)) }
	integ := func(f func(float64) float64, lo, hi float64) float64 {
		const n = 2000
		h, sum := (hi-lo)/n, 0.0
		for i := range n {
			sum += f(lo + (float64(i)+0.5)*h)
		}
		return sum * h
	}
	const size = 64
	prev := 0.0
	for _, w := range []float64{0.5, 0.8, 0.95} {
		for _, th := range []float64{0.5, 0.8} {
			b, r := ParamsWeighted(th, size, w)
			errOf := func(b, r int) float64 {
				fp := integ(func(s float64) float64 { return p(s, b, r) }, 0, th)
				fn := integ(func(s float64) float64 { return 1 - p(s, b, r) }, th, 1)
				return (1-w)*fp + w*fn
			}
			got := errOf(b, r)
			for bb := 1; bb <= size; bb++ {
				for rr := 1; bb*rr <= size; rr++ {
					assert.LessOrEqual(t, got, errOf(bb, rr)+1e-6, "w=%v t=%v: (%d,%d) beats (%d,%d)", w, th, bb, rr, b, r)
				}
			}
			if th == 0.8 {
				assert.GreaterOrEqual(t, p(th, b, r), prev, "w=%v", w)
				prev = p(th, b, r)
			}
		}
	}
	b, r := ParamsWeighted(0.8, 128, 0.5)
	b2, r2 := Params(0.8, 128)
	assert.Equal(t, [2]int{b2, r2}, [2]int{b, r})
}

func TestGaussLegendre(t *testing.T) {
	for _, n := range []int{1, 2, 3, 8, 65, 129} {
		nodes, weights := gaussLegendre(n)
		// Exact for x^d, d <= 2n-1: ∫_{-1}^{1} x^d dx = 2/(d+1) for even d, else 0.
		for _, d := range []int{0, 1, 2, 2*n - 2, 2*n - 1} {
			if d > 2*n-1 {
				continue
			}
			var sum float64
			for i, x := range nodes {
				sum += weights[i] * math.Pow(x, float64(d))
			}
			want := 0.0
			if d%2 == 0 {
				want = 2 / float64(d+1)
			}
			assert.InDelta(t, want, sum, 1e-13, "n=%d d=%d", n, d)
		}
	}
}

func BenchmarkParams(b *testing.B) {
	for b.Loop() {
		Params(0.8, 128)
	}
}
