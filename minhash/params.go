package minhash

import "math"

// Params returns the number of bands b and rows per band r, with b·r ≤ size
// (0 means [DefaultSize]), that minimize the equally weighted (0.5/0.5) sum of
// the false-positive area ∫₀ᵗ P(s) ds and the false-negative area
// ∫ₜ¹ 1-P(s) ds of the LSH S-curve P(s) = 1-(1-sʳ)ᵇ, where t is threshold and
// P(s) is the probability that two sets of Jaccard similarity s share a band.
// This is datasketch's _optimal_param; ties go to the smaller b, then the
// smaller r, as in datasketch's loop.
//
// The integrands are polynomials of degree at most size, so Params integrates
// them with a Gauss-Legendre rule of size/2+1 nodes, which is exact up to
// floating-point rounding. The result is deterministic. Params costs
// O(size² log size) time and O(size log size) memory (about 5 ms for size 128); call
// it once, not per document. It panics if threshold is not in [0, 1] or size
// is negative or above 2²⁴.
func Params(threshold float64, size int) (bands, rows int) {
	return ParamsWeighted(threshold, size, 0.5)
}

// ParamsWeighted is Params with the false-negative area weighted by
// fnWeight and the false-positive area by 1-fnWeight. An index whose
// candidates are verified exactly loses nothing but time to a false
// positive: weighting false negatives 0.95 (16 bands of 8 rows at 0.8 and
// 128) finds 95 % of the pairs at the threshold itself instead of 40 %. It
// panics if fnWeight is not in [0, 1], and as Params does.
func ParamsWeighted(threshold float64, size int, fnWeight float64) (bands, rows int) {
	if !(fnWeight >= 0 && fnWeight <= 1) {
		panic("minhash: fnWeight out of [0, 1]")
	}
	if !(threshold >= 0 && threshold <= 1) {
		panic("minhash: threshold out of [0, 1]")
	}
	if size < 0 || size > maxSize {
		panic("minhash: size out of range")
	}
	if size == 0 {
		size = DefaultSize
	}
	best := math.Inf(1)
	for b, row := range lshErrors(threshold, size, fnWeight) {
		for r, e := range row {
			if e < best {
				best, bands, rows = e, b+1, r+1
			}
		}
	}
	return bands, rows
}

// lshErrors returns errs with errs[b-1][r-1] = (1-w)·(false-positive area)
// + w·(false-negative area) for every b·r ≤ size, t = threshold.
func lshErrors(t float64, size int, w float64) [][]float64 {
	nodes, weights := gaussLegendre(size/2 + 1)
	// Map the rule to [0, t] for false positives and [t, 1] for false negatives.
	n := len(nodes)
	xs := make([]float64, 2*n) // xs[:n] in [0, t], xs[n:] in [t, 1]
	ws := make([]float64, 2*n)
	for i, x := range nodes {
		xs[i] = float64(t/2) + float64(t/2*x)
		ws[i] = float64(t/2) * weights[i]
		xs[n+i] = float64((1+t)/2) + float64((1-t)/2*x)
		ws[n+i] = float64((1-t)/2) * weights[i]
	}

	// errs[b-1][r-1] is the weighted error of (b, r); for each r the loop
	// over b updates q = (1-x^r)^b at every node by one multiplication.
	errs := make([][]float64, size)
	for b := range errs {
		errs[b] = make([]float64, size/(b+1))
	}
	xr := make([]float64, 2*n)
	q := make([]float64, 2*n)
	for r := 1; r <= size; r++ {
		for i, x := range xs {
			xr[i] = 1 - math.Pow(x, float64(r))
			q[i] = 1
		}
		for b := 1; b*r <= size; b++ {
			var fp, fn float64
			for i := range n {
				q[i] *= xr[i]
				fp += float64(ws[i] * (1 - q[i]))
			}
			for i := n; i < 2*n; i++ {
				q[i] *= xr[i]
				fn += float64(ws[i] * q[i])
			}
			errs[b-1][r-1] = float64((1-w)*fp) + float64(w*fn)
		}
	}
	return errs
}

// gaussLegendre returns the nodes and weights of the n-point Gauss-Legendre
// rule on [-1, 1], found by Newton's method on the Legendre polynomial Pₙ.
// The rule integrates polynomials of degree up to 2n-1 exactly.
func gaussLegendre(n int) (nodes, weights []float64) {
	nodes = make([]float64, n)
	weights = make([]float64, n)
	for i := range (n + 1) / 2 {
		// Tricomi's approximation of the i-th largest root as a first guess.
		x := math.Cos(math.Pi * (float64(i) + 0.75) / (float64(n) + 0.5))
		for range 100 {
			p, dp := legendre(n, x)
			dx := p / dp
			x -= dx
			if math.Abs(dx) <= 1e-15 {
				break
			}
		}
		_, dp := legendre(n, x)
		w := 2 / float64(float64(1-float64(x*x))*dp*dp)
		nodes[i], nodes[n-1-i] = x, -x
		weights[i], weights[n-1-i] = w, w
	}
	return nodes, weights
}

// legendre returns Pₙ(x) and Pₙ'(x), by the three-term recurrence. The
// explicit float64 conversions forbid fused multiply-adds, so the results are
// the same on every platform.
func legendre(n int, x float64) (p, dp float64) {
	p0, p1 := 1.0, x
	for j := 2; j <= n; j++ {
		a := float64(float64(2*j-1) * x * p1)
		b := float64(float64(j-1) * p0)
		p0, p1 = p1, (a-b)/float64(j)
	}
	dp = float64(n) * float64(float64(x*p1)-p0) / float64(float64(x*x)-1)
	return p1, dp
}
