package eval

import (
	"cmp"
	"math"
	"slices"
)

// averageRanks returns the 1-based ranks of x, ties getting the mean of
// the ranks they span.
func averageRanks(x []float64) []float64 {
	idx := make([]int, len(x))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(x[a], x[b]) })
	ranks := make([]float64, len(x))
	for i := 0; i < len(idx); {
		j := i + 1
		for j < len(idx) && x[idx[j]] == x[idx[i]] {
			j++
		}
		r := float64(i+1+j) / 2 // mean of ranks i+1 … j
		for _, k := range idx[i:j] {
			ranks[k] = r
		}
		i = j
	}
	return ranks
}

func hasNaN(x []float64) bool {
	return slices.ContainsFunc(x, math.IsNaN)
}

// ROCAUC is the area under the ROC curve of scores for the positive labels
// (higher score = more likely positive), in Mann-Whitney form: the
// probability that a random positive scores above a random negative, ties
// counting 1/2. It is 0.5 when either class is empty, NaN when the lengths
// differ or a score is NaN.
func ROCAUC(scores []float64, labels []bool) float64 {
	if len(scores) != len(labels) || hasNaN(scores) {
		return math.NaN()
	}
	ranks := averageRanks(scores)
	var pos, neg, rankSum float64
	for i, l := range labels {
		if l {
			pos++
			rankSum += ranks[i]
		} else {
			neg++
		}
	}
	if pos == 0 || neg == 0 {
		return 0.5
	}
	return (rankSum - pos*(pos+1)/2) / (pos * neg)
}

// Spearman is Spearman's rank correlation of x and y: the Pearson
// correlation of their average ranks. It is 0 when either is constant (or
// has fewer than 2 values), NaN when the lengths differ or a value is NaN.
func Spearman(x, y []float64) float64 {
	if len(x) != len(y) || hasNaN(x) || hasNaN(y) {
		return math.NaN()
	}
	return pearson(averageRanks(x), averageRanks(y))
}

func pearson(x, y []float64) float64 {
	n := float64(len(x))
	if n < 2 {
		return 0
	}
	var mx, my float64
	for i := range x {
		mx += x[i]
		my += y[i]
	}
	mx, my = mx/n, my/n
	var sxy, sxx, syy float64
	for i := range x {
		dx, dy := x[i]-mx, y[i]-my
		sxy += dx * dy
		sxx += dx * dx
		syy += dy * dy
	}
	if sxx == 0 || syy == 0 {
		return 0
	}
	return sxy / math.Sqrt(sxx*syy)
}

// Confusion counts the outcomes of a binary classification.
type Confusion struct{ TP, FP, TN, FN int }

// ConfusionAt classifies score >= threshold as positive. Pairs beyond the
// shorter of scores and labels are ignored.
func ConfusionAt(scores []float64, labels []bool, threshold float64) Confusion {
	var c Confusion
	for i := range min(len(scores), len(labels)) {
		switch pred := scores[i] >= threshold; {
		case pred && labels[i]:
			c.TP++
		case pred:
			c.FP++
		case labels[i]:
			c.FN++
		default:
			c.TN++
		}
	}
	return c
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// Precision is TP/(TP+FP), 0 when nothing is predicted positive.
func (c Confusion) Precision() float64 { return ratio(c.TP, c.TP+c.FP) }

// Recall is TP/(TP+FN), 0 when there are no positives.
func (c Confusion) Recall() float64 { return ratio(c.TP, c.TP+c.FN) }

// F1 is 2TP/(2TP+FP+FN), the harmonic mean of precision and recall; 0 when
// there are no true positives.
func (c Confusion) F1() float64 { return ratio(2*c.TP, 2*c.TP+c.FP+c.FN) }

// Accuracy is the share of correct predictions, 0 when there are none.
func (c Confusion) Accuracy() float64 { return ratio(c.TP+c.TN, c.TP+c.FP+c.TN+c.FN) }

// BestF1 returns the highest F1 of the rule "score >= threshold means
// positive" over all thresholds, and the highest threshold (one of the
// scores) that reaches it. With no scores it returns (0, 0); with NaN
// scores or differing lengths (NaN, NaN).
func BestF1(scores []float64, labels []bool) (f1, threshold float64) {
	if len(scores) != len(labels) || hasNaN(scores) {
		return math.NaN(), math.NaN()
	}
	if len(scores) == 0 {
		return 0, 0
	}
	idx := make([]int, len(scores))
	pos := 0
	for i := range idx {
		idx[i] = i
		if labels[i] {
			pos++
		}
	}
	slices.SortFunc(idx, func(a, b int) int { return cmp.Compare(scores[b], scores[a]) })
	best, bestT := -1.0, 0.0
	tp, fp := 0, 0
	for i := 0; i < len(idx); {
		t := scores[idx[i]]
		for ; i < len(idx) && scores[idx[i]] == t; i++ {
			if labels[idx[i]] {
				tp++
			} else {
				fp++
			}
		}
		if f := ratio(2*tp, tp+fp+pos); f > best {
			best, bestT = f, t
		}
	}
	return best, bestT
}
