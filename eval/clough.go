package eval

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"path/filepath"
)

// A ScoreFunc is the similarity of a derived candidate a to a source b;
// higher means more derived. It must be safe for concurrent use.
type ScoreFunc func(a, b string) float64

// Clough categories, least to most derived, and their ordinal label.
var cloughLevels = map[string]float64{"non": 0, "heavy": 1, "light": 2, "cut": 3}

// cloughOrder is the order of categories in reports.
var cloughOrder = []string{"cut", "light", "heavy", "non"}

// CloughItem is the score of one answer against its source.
type CloughItem struct {
	ID, Category, Source string
	Score                float64
}

// CloughReport is the result of Clough.
type CloughReport struct {
	// AUC is the ROC-AUC of derived answers (cut, light, heavy) against
	// non-derived ones (non).
	AUC float64
	// BestF1 is the best F1 of "derived iff score >= BestThreshold".
	BestF1, BestThreshold float64
	// Spearman is the rank correlation of the score with the ordinal
	// label non=0 < heavy=1 < light=2 < cut=3.
	Spearman float64
	// MeanByCategory is the mean score of each category.
	MeanByCategory map[string]float64
	// N is the number of answers scored; Items has them in file order.
	N     int
	Items []CloughItem
}

// Clough scores every answer of the Clough & Stevenson corpus in dir
// (docs.jsonl) against its task's source text (the document named in its
// "source" field) with score(answer, source).
func Clough(dir string, score ScoreFunc) (*CloughReport, error) {
	if score == nil {
		return nil, errors.New("eval: Clough: nil ScoreFunc")
	}
	path := filepath.Join(dir, "docs.jsonl")
	type doc struct {
		ID       string `json:"id"`
		Category string `json:"category"`
		Source   string `json:"source"`
		Text     string `json:"text"`
		line     int
	}
	var answers []doc
	texts := map[string]string{}
	err := forEachLine(path, func(line int, b []byte) error {
		if len(b) == 0 {
			return nil
		}
		var d doc
		if err := json.Unmarshal(b, &d); err != nil {
			return fmt.Errorf("eval: %s line %d: %v", path, line, err)
		}
		d.line = line
		if d.ID == "" {
			return fmt.Errorf("eval: %s line %d: no id", path, line)
		}
		if _, dup := texts[d.ID]; dup {
			return fmt.Errorf("eval: %s line %d: duplicate id %s", path, line, d.ID)
		}
		texts[d.ID] = d.Text
		switch _, ok := cloughLevels[d.Category]; {
		case d.Category == "orig":
		case !ok:
			return fmt.Errorf("eval: %s line %d: unknown category %q (want cut, light, heavy, non or orig)", path, line, d.Category)
		case d.Source == "":
			return fmt.Errorf("eval: %s line %d: answer %s has no source", path, line, d.ID)
		default:
			answers = append(answers, d)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(answers) == 0 {
		return nil, fmt.Errorf("eval: %s: no answers", path)
	}
	for _, a := range answers {
		if _, ok := texts[a.Source]; !ok {
			return nil, fmt.Errorf("eval: %s line %d: source %s of %s not found", path, a.line, a.Source, a.ID)
		}
	}
	scores := make([]float64, len(answers))
	err = parallelFor(len(answers), 0, func(i int) error {
		a := answers[i]
		if scores[i] = score(a.Text, texts[a.Source]); math.IsNaN(scores[i]) {
			return fmt.Errorf("eval: Clough: answer %s: score is NaN", a.ID)
		}
		return nil
	})
	if pe := (*panicError)(nil); errors.As(err, &pe) {
		return nil, fmt.Errorf("eval: Clough: answer %s: %w", answers[pe.i].ID, err)
	}
	if err != nil {
		return nil, err
	}

	r := &CloughReport{MeanByCategory: map[string]float64{}, N: len(answers)}
	derived := make([]bool, len(answers))
	levels := make([]float64, len(answers))
	counts := map[string]int{}
	for i, a := range answers {
		levels[i] = cloughLevels[a.Category]
		derived[i] = a.Category != "non"
		r.MeanByCategory[a.Category] += scores[i]
		counts[a.Category]++
		r.Items = append(r.Items, CloughItem{ID: a.ID, Category: a.Category, Source: a.Source, Score: scores[i]})
	}
	for c, n := range counts {
		r.MeanByCategory[c] /= float64(n)
	}
	r.AUC = ROCAUC(scores, derived)
	r.BestF1, r.BestThreshold = BestF1(scores, derived)
	r.Spearman = Spearman(scores, levels)
	return r, nil
}

// WriteText writes the report as an aligned table.
func (r *CloughReport) WriteText(w io.Writer) error {
	_, err := fmt.Fprintf(w, "clough: %d answers, ROC-AUC %.4f, best F1 %.4f at score >= %.4g, Spearman %.4f\n",
		r.N, r.AUC, r.BestF1, r.BestThreshold, r.Spearman)
	if err != nil {
		return fmt.Errorf("eval: %w", err)
	}
	var rows [][]string
	for _, c := range cloughOrder {
		if m, ok := r.MeanByCategory[c]; ok {
			rows = append(rows, []string{c, fmt.Sprintf("%.4f", m)})
		}
	}
	return writeTable(w, []string{"category", "mean score"}, rows)
}
