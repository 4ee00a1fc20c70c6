package eval

import (
	"math"
	"math/rand"
	"testing"
)

// bruteAUC counts positive/negative pairs, ties 1/2.
func bruteAUC(scores []float64, labels []bool) float64 {
	var num, den float64
	for i := range scores {
		for j := range scores {
			if !labels[i] || labels[j] {
				continue
			}
			den++
			switch {
			case scores[i] > scores[j]:
				num++
			case scores[i] == scores[j]:
				num += 0.5
			}
		}
	}
	return num / den
}

func TestROCAUC(t *testing.T) {
	// Hand-computed: positives 0.35, 0.8 vs negatives 0.1, 0.4 -> 3 of 4 pairs.
	if got := ROCAUC([]float64{0.1, 0.4, 0.35, 0.8}, []bool{false, false, true, true}); got != 0.75 {
		t.Errorf("AUC = %v, want 0.75", got)
	}
	// Ties count 1/2: positives 2, 3 vs negatives 1, 2: (1 + 0.5 + 1 + 1) / 4.
	if got := ROCAUC([]float64{1, 2, 2, 3}, []bool{false, true, false, true}); got != 0.875 {
		t.Errorf("AUC with ties = %v, want 0.875", got)
	}
	if got := ROCAUC([]float64{1, 1, 1}, []bool{true, false, true}); got != 0.5 {
		t.Errorf("constant scores: %v", got)
	}
	if got := ROCAUC([]float64{1, 2}, []bool{true, true}); got != 0.5 {
		t.Errorf("one class: %v", got)
	}
	if !math.IsNaN(ROCAUC([]float64{1}, nil)) || !math.IsNaN(ROCAUC([]float64{math.NaN(), 1}, []bool{true, false})) {
		t.Error("want NaN for mismatched lengths or NaN scores")
	}
	rng := rand.New(rand.NewSource(1))
	for range 200 {
		n := 2 + rng.Intn(40)
		s, l := make([]float64, n), make([]bool, n)
		for i := range s {
			s[i] = float64(rng.Intn(6)) // many ties
			l[i] = rng.Intn(2) == 0
		}
		l[0], l[1] = true, false
		if got, want := ROCAUC(s, l), bruteAUC(s, l); math.Abs(got-want) > 1e-12 {
			t.Fatalf("ROCAUC(%v, %v) = %v, brute force %v", s, l, got, want)
		}
	}
}

func TestSpearman(t *testing.T) {
	// scipy.stats.spearmanr([1,2,3,4,5], [5,6,7,8,7]) = 0.8207826816681233.
	if got := Spearman([]float64{1, 2, 3, 4, 5}, []float64{5, 6, 7, 8, 7}); math.Abs(got-0.8207826816681233) > 1e-12 {
		t.Errorf("Spearman = %v", got)
	}
	if got := Spearman([]float64{1, 2, 3}, []float64{30, 20, 10}); math.Abs(got+1) > 1e-12 {
		t.Errorf("reversed: %v, want -1", got)
	}
	// Monotone but non-linear: 1.
	if got := Spearman([]float64{1, 2, 3, 4}, []float64{1, 10, 100, 1000}); math.Abs(got-1) > 1e-12 {
		t.Errorf("monotone: %v, want 1", got)
	}
	if got := Spearman([]float64{1, 2, 3}, []float64{7, 7, 7}); got != 0 {
		t.Errorf("constant: %v, want 0", got)
	}
	if !math.IsNaN(Spearman([]float64{1, 2}, []float64{1})) {
		t.Error("mismatched lengths: want NaN")
	}
}

func TestAverageRanks(t *testing.T) {
	got := averageRanks([]float64{10, 20, 10, 30, 20, 10})
	want := []float64{2, 4.5, 2, 6, 4.5, 2}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("averageRanks = %v, want %v", got, want)
		}
	}
}

func TestBestF1(t *testing.T) {
	// Hand-computed: at >= 0.6: TP 2 FP 1 FN 0 -> F1 0.8 (best); >= 0.9: 2/3.
	f1, th := BestF1([]float64{0.9, 0.6, 0.7, 0.2, 0.1}, []bool{true, true, false, false, false})
	if math.Abs(f1-0.8) > 1e-12 || th != 0.6 {
		t.Errorf("BestF1 = %v at %v, want 0.8 at 0.6", f1, th)
	}
	if f1, th := BestF1(nil, nil); f1 != 0 || th != 0 {
		t.Errorf("empty: %v %v", f1, th)
	}
	if f1, _ := BestF1([]float64{1, 2}, []bool{false, false}); f1 != 0 {
		t.Errorf("no positives: %v", f1)
	}
	rng := rand.New(rand.NewSource(2))
	for range 200 {
		n := 1 + rng.Intn(30)
		s, l := make([]float64, n), make([]bool, n)
		for i := range s {
			s[i] = float64(rng.Intn(8)) / 4
			l[i] = rng.Intn(3) == 0
		}
		bestF, bestT := -1.0, 0.0
		for _, th := range s {
			if f := ConfusionAt(s, l, th).F1(); f > bestF || (f == bestF && th > bestT) {
				bestF, bestT = f, th
			}
		}
		if f, th := BestF1(s, l); math.Abs(f-bestF) > 1e-12 || th != bestT {
			t.Fatalf("BestF1(%v, %v) = %v at %v, brute force %v at %v", s, l, f, th, bestF, bestT)
		}
	}
}

func TestConfusion(t *testing.T) {
	c := ConfusionAt([]float64{0.9, 0.6, 0.7, 0.2, 0.1}, []bool{true, false, true, true, false}, 0.5)
	if c != (Confusion{TP: 2, FP: 1, TN: 1, FN: 1}) {
		t.Fatalf("ConfusionAt = %+v", c)
	}
	if !near(c.Precision(), 2.0/3) || !near(c.Recall(), 2.0/3) || !near(c.F1(), 2.0/3) || !near(c.Accuracy(), 0.6) {
		t.Errorf("P %v R %v F1 %v A %v", c.Precision(), c.Recall(), c.F1(), c.Accuracy())
	}
	var z Confusion
	if z.Precision() != 0 || z.Recall() != 0 || z.F1() != 0 || z.Accuracy() != 0 {
		t.Error("zero confusion: want zeros")
	}
}
