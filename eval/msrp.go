package eval

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"path/filepath"
)

// MSRPReport is the result of MSRP.
type MSRPReport struct {
	// AUC is the ROC-AUC of the score for the paraphrase label.
	AUC float64
	// Precision, Recall, F1 and Accuracy of "paraphrase iff score >=
	// Threshold".
	Precision, Recall, F1, Accuracy float64
	Threshold                       float64
	// BestF1 is the best F1 over all thresholds, reached at BestThreshold.
	BestF1, BestThreshold float64
	// N is the number of pairs, Positives those labelled paraphrase.
	N, Positives int
}

// MSRP scores the sentence pairs of the MSR paraphrase corpus in dir
// (pairs.jsonl: label 0|1, s1, s2) with score(s1, s2) and classifies a pair
// as paraphrase when its score is >= threshold.
func MSRP(dir string, score ScoreFunc, threshold float64) (*MSRPReport, error) {
	if score == nil {
		return nil, errors.New("eval: MSRP: nil ScoreFunc")
	}
	path := filepath.Join(dir, "pairs.jsonl")
	type pair struct {
		label  bool
		s1, s2 string
		line   int
	}
	var pairs []pair
	err := forEachLine(path, func(line int, b []byte) error {
		if len(b) == 0 {
			return nil
		}
		var p struct {
			Label *int    `json:"label"`
			S1    *string `json:"s1"`
			S2    *string `json:"s2"`
		}
		if err := json.Unmarshal(b, &p); err != nil {
			return fmt.Errorf("eval: %s line %d: %v", path, line, err)
		}
		if p.Label == nil || (*p.Label != 0 && *p.Label != 1) {
			return fmt.Errorf("eval: %s line %d: label must be 0 or 1", path, line)
		}
		if p.S1 == nil || p.S2 == nil {
			return fmt.Errorf("eval: %s line %d: missing s1 or s2", path, line)
		}
		pairs = append(pairs, pair{label: *p.Label == 1, s1: *p.S1, s2: *p.S2, line: line})
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(pairs) == 0 {
		return nil, fmt.Errorf("eval: %s: no pairs", path)
	}
	scores := make([]float64, len(pairs))
	labels := make([]bool, len(pairs))
	err = parallelFor(len(pairs), 0, func(i int) error {
		p := pairs[i]
		labels[i] = p.label
		if scores[i] = score(p.s1, p.s2); math.IsNaN(scores[i]) {
			return fmt.Errorf("eval: MSRP: %s line %d: score is NaN", path, p.line)
		}
		return nil
	})
	if pe := (*panicError)(nil); errors.As(err, &pe) {
		return nil, fmt.Errorf("eval: MSRP: %s line %d: %w", path, pairs[pe.i].line, err)
	}
	if err != nil {
		return nil, err
	}
	c := ConfusionAt(scores, labels, threshold)
	r := &MSRPReport{
		AUC:       ROCAUC(scores, labels),
		Precision: c.Precision(), Recall: c.Recall(), F1: c.F1(), Accuracy: c.Accuracy(),
		Threshold: threshold,
		N:         len(pairs), Positives: c.TP + c.FN,
	}
	r.BestF1, r.BestThreshold = BestF1(scores, labels)
	return r, nil
}

// WriteText writes the report as an aligned table.
func (r *MSRPReport) WriteText(w io.Writer) error {
	f := func(v float64) string { return fmt.Sprintf("%.4f", v) }
	return writeTable(w,
		[]string{"pairs", "positives", "threshold", "precision", "recall", "F1", "accuracy", "ROC-AUC", "best F1", "at"},
		[][]string{{fmt.Sprint(r.N), fmt.Sprint(r.Positives), fmt.Sprintf("%.4g", r.Threshold), f(r.Precision), f(r.Recall),
			f(r.F1), f(r.Accuracy), f(r.AUC), f(r.BestF1), fmt.Sprintf("%.4g", r.BestThreshold)}})
}
