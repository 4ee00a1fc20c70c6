package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"slices"

	"github.com/newsreuse/dedupe"
	"github.com/newsreuse/dedupe/eval"
	"github.com/newsreuse/dedupe/internal/optflag"
	"github.com/newsreuse/dedupe/shingle"
)

const evalUsage = `usage: dedupe eval pan13 [-detections FILE] [-limit N] [flags] DIR
       dedupe eval clough [flags] DIR
       dedupe eval msrp [-msrp-threshold F] [flags] DIR
       dedupe eval reuters [flags] FILE

Runs the library's own detection, at the options the flags give, on a
labelled corpus and prints the metrics:
  pan13    PAN character-level precision, recall, granularity and PlagDet,
           overall and per obfuscation class, and pair-level detection
  clough   ROC-AUC and best F1 of derived versus non-derived answers, and the
           Spearman correlation with non < heavy < light < cut
  msrp     ROC-AUC and F1 of the sentence-pair scores
  reuters  whether every group of identical stories is found whole, and the
           pairs found

Each corpus is read in the layout of the project's converted copies
(shared/corpora); any of the files may be gzipped whatever its name:
  pan13    DIR holds the PAN 2013 text alignment training corpus (Webis and
           PAN, pan.webis.de): susp.jsonl.gz and src.jsonl.gz, the
           suspicious and source documents, one {"id", "text"} object a
           line; pairs.tsv, the pairs to align (columns susp, src,
           category); truth.tsv, the gold reuse cases (susp, src, category,
           this_offset, this_length, source_offset, source_length and the
           same four as this_byte_offset ... source_byte_length). TSV files
           start with a header line.
  clough   DIR holds docs.jsonl, the Clough and Stevenson corpus of
           plagiarised short answers (University of Sheffield): one
           {"id", "category", "source", "text"} object a line; category is
           cut, light, heavy or non for an answer, whose "source" is the id
           of its Wikipedia source text, and orig for a source text.
  msrp     DIR holds pairs.jsonl, the Microsoft Research Paraphrase Corpus
           (Dolan and Brockett): one {"label": 0 or 1, "s1", "s2"} object a
           line, 1 for a paraphrase.
  reuters  FILE holds Reuters-21578 (Distribution 1.0, D. D. Lewis) as JSON
           lines: one {"id", "text"} object a story, "id" a string or
           number; other fields are ignored.

Flags:
`

func runEval(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("dedupe eval", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, evalUsage)
		fs.PrintDefaults()
	}
	var (
		detections = fs.String("detections", "", "pan13: write every detected passage to `FILE` (TSV, byte offsets)")
		limit      = fs.Int("limit", 0, "pan13: align only the first N pairs of each class (0: all)")
		msrpThresh = fs.Float64("msrp-threshold", 0.5, "msrp: score at or above which a pair is called a paraphrase")
	)
	var opts dedupe.Options
	optflag.Register(fs, &opts)
	if len(args) == 0 || args[0] == "-h" || args[0] == "-help" || args[0] == "--help" {
		fs.Usage()
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	corpusName := args[0]
	if err := fs.Parse(args[1:]); err != nil {
		if err == flag.ErrHelp {
			return 0
		}
		return 2
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return 2
	}
	if err := optflag.Check("dedupe", opts); err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	path := fs.Arg(0)
	det := dedupe.New(opts)
	var err error
	switch corpusName {
	case "pan13":
		err = evalPAN(det, path, *detections, *limit, stdout)
	case "clough":
		var r *eval.CloughReport
		if r, err = eval.Clough(path, scorer(det)); err == nil {
			err = r.WriteText(stdout)
		}
	case "msrp":
		var r *eval.MSRPReport
		if r, err = eval.MSRP(path, scorer(det), *msrpThresh); err == nil {
			err = r.WriteText(stdout)
		}
	case "reuters":
		err = evalReuters(opts, path, stdout)
	default:
		fmt.Fprintf(stderr, "dedupe eval: unknown corpus %q (want pan13, clough, msrp or reuters)\n", corpusName)
		return 2
	}
	if err != nil {
		fmt.Fprintf(stderr, "dedupe eval: %s\n", message("dedupe eval", err))
		return 2
	}
	return 0
}

// scorer is the library's graded similarity of a derived candidate a to a
// source b (Detector.Similarity).
func scorer(det *dedupe.Detector) eval.ScoreFunc {
	return func(a, b string) float64 {
		return det.Similarity(dedupe.Document{Text: []byte(b)}, dedupe.Document{Text: []byte(a)})
	}
}

func evalPAN(det *dedupe.Detector, dir, detections string, limit int, stdout io.Writer) error {
	opts := eval.PANOptions{Limit: limit}
	if detections != "" {
		f, err := os.Create(detections)
		if err != nil {
			return fmt.Errorf("-detections: %w", err)
		}
		defer f.Close()
		opts.Detections = f
	}
	align := func(susp, src string) []eval.Passage {
		m := det.Compare(dedupe.Document{Text: []byte(src)}, dedupe.Document{Text: []byte(susp)})
		out := make([]eval.Passage, 0, len(m.Passages))
		for _, p := range m.Passages {
			out = append(out, eval.Passage{SuspStart: p.Start, SuspEnd: p.End, SrcStart: p.OtherStart, SrcEnd: p.OtherEnd})
		}
		return out
	}
	r, err := eval.PAN13(dir, align, opts)
	if err != nil {
		return err
	}
	return r.WriteText(stdout)
}

// evalReuters runs the detector over a JSON-lines corpus as the command
// does and checks that every group of stories with identical normalized
// text lands whole in one cluster.
func evalReuters(opts dedupe.Options, path string, stdout io.Writer) error {
	docs, err := eval.LoadJSONL(path)
	if err != nil {
		return err
	}
	det := dedupe.New(opts)
	index := make(map[string]int, len(docs))
	seq := func(yield func(dedupe.Document) bool) {
		for i, d := range docs {
			index[d.ID] = i
			if !yield(dedupe.Document{ID: d.ID, Text: []byte(d.Text)}) {
				return
			}
		}
	}
	var addErr error
	det.AddAll(seq, 0, func(_ dedupe.Result, err error) bool {
		if err != nil && addErr == nil {
			addErr = err
		}
		return true
	})
	if addErr != nil {
		return addErr
	}
	// As the command does once its inputs are read.
	if _, err := det.Settle(); err != nil {
		return err
	}
	var found [][]int
	for _, c := range det.Clusters() {
		var g []int
		for _, m := range c.Members {
			g = append(g, index[m])
		}
		slices.Sort(g)
		found = append(found, g)
	}
	exact := eval.ExactGroups(docs, func(s string) string { return string(shingle.Normalize(nil, []byte(s))) })
	whole, total := eval.GroupsFoundWhole(exact, found)
	near, passage := 0, 0
	for _, p := range det.Pairs() {
		if p.Match.NearDuplicate {
			near++
		} else {
			passage++
		}
	}
	fmt.Fprintf(stdout, "documents\t%d\n", len(docs))
	fmt.Fprintf(stdout, "exact-duplicate groups found whole\t%d of %d\n", whole, total)
	fmt.Fprintf(stdout, "near-duplicate pairs\t%d\n", near)
	fmt.Fprintf(stdout, "passage-sharing pairs\t%d\n", passage)
	fmt.Fprintf(stdout, "clusters\t%d\n", len(found))
	return nil
}
