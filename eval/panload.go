package eval

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strconv"
	"sync"
	"unicode/utf8"
)

// Category of the PAN13 pairs without reuse (negative pairs).
const panNegative = "01-no-plagiarism"

type panPair struct {
	Susp, Src, Category string
	line                int // in pairs.tsv
}

// panCase is a gold case of truth.tsv with its byte offsets.
type panCase struct {
	Annotation
	SuspByteOff, SuspByteLen, SrcByteOff, SrcByteLen int
	line                                             int // in truth.tsv
}

// panCorpus is the part of a PAN13 corpus folder selected for a run.
type panCorpus struct {
	pairs []panPair
	cases [][]panCase // per pair, in truth.tsv order
	susp  map[string]string
	src   map[string]string
}

// loadPAN reads pairs.tsv, truth.tsv, susp.jsonl.gz and src.jsonl.gz from
// dir. With limit > 0 only the first limit pairs of each category are kept.
// Gold offsets are checked against the texts.
func loadPAN(dir string, limit int) (*panCorpus, error) {
	c := &panCorpus{}
	pairsPath := filepath.Join(dir, "pairs.tsv")
	pairIdx := map[[2]string]int{}
	perCat := map[string]int{}
	known := map[[2]string]bool{}
	err := forEachTSV(pairsPath, []string{"susp", "src", "category"}, func(line int, r tsvRecord) error {
		p := panPair{Susp: r.get("susp"), Src: r.get("src"), Category: r.get("category"), line: line}
		if p.Susp == "" || p.Src == "" || p.Category == "" {
			return fmt.Errorf("eval: %s line %d: empty susp, src or category", pairsPath, line)
		}
		k := [2]string{p.Susp, p.Src}
		if known[k] {
			return fmt.Errorf("eval: %s line %d: duplicate pair %s %s", pairsPath, line, p.Susp, p.Src)
		}
		known[k] = true
		if limit > 0 && perCat[p.Category] >= limit {
			return nil
		}
		perCat[p.Category]++
		pairIdx[k] = len(c.pairs)
		c.pairs = append(c.pairs, p)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(c.pairs) == 0 {
		return nil, fmt.Errorf("eval: %s: no pairs", pairsPath)
	}
	c.cases = make([][]panCase, len(c.pairs))

	truthPath := filepath.Join(dir, "truth.tsv")
	intCols := []string{"this_offset", "this_length", "source_offset", "source_length",
		"this_byte_offset", "this_byte_length", "source_byte_offset", "source_byte_length"}
	err = forEachTSV(truthPath, append([]string{"susp", "src", "category"}, intCols...), func(line int, r tsvRecord) error {
		k := [2]string{r.get("susp"), r.get("src")}
		if !known[k] {
			return fmt.Errorf("eval: %s line %d: pair %s %s is not in pairs.tsv", truthPath, line, k[0], k[1])
		}
		i, ok := pairIdx[k]
		if !ok {
			return nil // left out by limit
		}
		if cat := r.get("category"); cat != c.pairs[i].Category {
			return fmt.Errorf("eval: %s line %d: category %q, pairs.tsv line %d says %q",
				truthPath, line, cat, c.pairs[i].line, c.pairs[i].Category)
		}
		var v [8]int
		for j, col := range intCols {
			n, err := strconv.Atoi(r.get(col))
			if err != nil || n < 0 {
				return fmt.Errorf("eval: %s line %d: %s: want a non-negative integer, got %q", truthPath, line, col, r.get(col))
			}
			v[j] = n
		}
		c.cases[i] = append(c.cases[i], panCase{
			Annotation:  Annotation{Susp: k[0], SuspOff: v[0], SuspLen: v[1], Src: k[1], SrcOff: v[2], SrcLen: v[3]},
			SuspByteOff: v[4], SuspByteLen: v[5], SrcByteOff: v[6], SrcByteLen: v[7],
			line: line,
		})
		return nil
	})
	if err != nil {
		return nil, err
	}

	needSusp, needSrc := map[string]bool{}, map[string]bool{}
	for _, p := range c.pairs {
		needSusp[p.Susp], needSrc[p.Src] = true, true
	}
	var wg sync.WaitGroup
	var suspErr, srcErr error
	wg.Go(func() { c.susp, suspErr = loadPANDocs(filepath.Join(dir, "susp.jsonl.gz"), needSusp) })
	wg.Go(func() { c.src, srcErr = loadPANDocs(filepath.Join(dir, "src.jsonl.gz"), needSrc) })
	wg.Wait()
	if suspErr != nil {
		return nil, suspErr
	}
	if srcErr != nil {
		return nil, srcErr
	}
	for _, p := range c.pairs {
		if _, ok := c.susp[p.Susp]; !ok {
			return nil, fmt.Errorf("eval: %s line %d: suspicious document %s not in susp.jsonl.gz", pairsPath, p.line, p.Susp)
		}
		if _, ok := c.src[p.Src]; !ok {
			return nil, fmt.Errorf("eval: %s line %d: source document %s not in src.jsonl.gz", pairsPath, p.line, p.Src)
		}
	}
	for i, p := range c.pairs {
		for _, k := range c.cases[i] {
			if err := checkSpan(c.susp[p.Susp], k.SuspOff, k.SuspLen, k.SuspByteOff, k.SuspByteLen); err != nil {
				return nil, fmt.Errorf("eval: %s line %d: suspicious side: %v", truthPath, k.line, err)
			}
			if err := checkSpan(c.src[p.Src], k.SrcOff, k.SrcLen, k.SrcByteOff, k.SrcByteLen); err != nil {
				return nil, fmt.Errorf("eval: %s line %d: source side: %v", truthPath, k.line, err)
			}
		}
	}
	return c, nil
}

// checkSpan verifies that a gold span's byte offsets lie in text and agree
// with its code-point offsets.
func checkSpan(text string, off, n, boff, blen int) error {
	if boff+blen > len(text) {
		return fmt.Errorf("bytes [%d,%d) beyond the text's %d bytes", boff, boff+blen, len(text))
	}
	if o := utf8.RuneCountInString(text[:boff]); o != off {
		return fmt.Errorf("byte offset %d is code point %d, truth says %d", boff, o, off)
	}
	if l := utf8.RuneCountInString(text[boff : boff+blen]); l != n {
		return fmt.Errorf("byte span [%d,%d) has %d code points, truth says %d", boff, boff+blen, l, n)
	}
	return nil
}

// loadPANDocs reads the documents with the needed ids from a JSONL(.gz) file
// of {"id", "text"} objects.
func loadPANDocs(path string, need map[string]bool) (map[string]string, error) {
	docs := make(map[string]string, len(need))
	err := forEachLine(path, func(line int, text []byte) error {
		if len(text) == 0 {
			return nil
		}
		if id, ok := leadingID(text); ok && !need[id] {
			return nil // not needed: skip decoding its text
		}
		var d struct {
			ID   string `json:"id"`
			Text string `json:"text"`
		}
		if err := json.Unmarshal(text, &d); err != nil {
			return fmt.Errorf("eval: %s line %d: %v", path, line, err)
		}
		if d.ID == "" {
			return fmt.Errorf("eval: %s line %d: no id", path, line)
		}
		if need[d.ID] {
			if _, dup := docs[d.ID]; dup {
				return fmt.Errorf("eval: %s line %d: duplicate id %s", path, line, d.ID)
			}
			docs[d.ID] = d.Text
		}
		return nil
	})
	return docs, err
}

// leadingID returns the id of a line that starts {"id": "…" (the shape of
// the corpus files) when the id has no escapes.
func leadingID(line []byte) (string, bool) {
	for _, prefix := range []string{`{"id": "`, `{"id":"`} {
		if rest, ok := bytes.CutPrefix(line, []byte(prefix)); ok {
			end := bytes.IndexByte(rest, '"')
			if end < 0 || bytes.IndexByte(rest[:end], '\\') >= 0 {
				return "", false
			}
			return string(rest[:end]), true
		}
	}
	return "", false
}
