// Package pipeline is dedupe's analysis of a whole corpus as an Apache
// Beam pipeline (Go SDK): the stages of the root package's Detector, each
// a Beam transform over the library's own code (dedupe.Batch), so that one
// pipeline runs on Prism on one machine and on Dataflow, Flink or Spark on
// a cluster.
//
// # Stages
//
//	read        files → documents, by the corpus package's readers
//	prepare     documents → compact entries (dedupe.Batch.Encode)
//	keys        entries → candidate keys: LSH band keys, SimHash blocks,
//	            passage fingerprints (dedupe.Batch.Keys)
//	group       by key; a key in more than MaxDF documents of the whole
//	            corpus pairs each document with its latest predecessors only;
//	            a SimHash block's pairs within the Hamming distance only
//	candidates  pairs with their shared-key counts (a combine)
//	join        each pair with its two documents' entries (two joins)
//	verify      exact Jaccard, alignment, chrome (dedupe.Batch.Verify)
//	strong      long links → clusters (cluster.Grouper, one worker)
//	common      per fingerprint: is it carried by documents outside a
//	            pair's cluster, among the 20,000 around the pair's later
//	            document in the input (dedupe.Batch.Around)
//	judge       masking common text, templates (dedupe.Batch.Judge)
//	output      pairs → clusters (cluster.Grouper, one worker) → JSON lines
//
// The output is the command dedupe's -format json: a "pair" object per
// pair, a "cluster" object per cluster, and a "summary" object last.
//
// # What differs from the command dedupe
//
// The Detector judges each pair by the documents added before the pair's
// later document; the pipeline judges it by the corpus around it, those
// after it included, after the fact (as Detector.Settle judges again).
// Its clusters for the corpus rules are those of the links verification
// found long (before masking). It does not
// bound the copies of one text compared (Result.Unverified is 0): a text
// copied n times gives up to n·MaxDF candidate pairs. See README.md for
// how far its results agree with the command's.
package pipeline

import (
	"context"
	"fmt"
	"path/filepath"
	"reflect"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/local" // the output on a local disk
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/textio"
	"github.com/newsreuse/dedupe"
)

// Config configures a pipeline. The zero Config reads nothing.
type Config struct {
	// Inputs are file patterns (filepath.Match syntax) or paths of files
	// and folders, read as the command dedupe reads its arguments: .txt,
	// .md, .html and .jsonl, each optionally gzipped. Patterns are
	// expanded when the pipeline is built, on the machine that builds it,
	// and the files are read by the workers at the same paths. A pattern
	// with a scheme ("gs://bucket/news/*.jsonl.gz") names files of the Beam
	// filesystem registered for it (package beam/io/filesystem/gcs, s3,
	// memfs, imported by the program); such files are copied to the
	// worker's temporary folder to be read, and their documents take the
	// names they have there.
	Inputs []string
	// Output is the path of the JSON lines file written.
	Output string
	// Options are the detection options, as for dedupe.New.
	Options dedupe.Options
	// MaxFileSize and MaxLineSize bound a file and a JSON line, as
	// corpus.Options does; 0 means the corpus package's defaults.
	MaxFileSize int64
	MaxLineSize int
}

// Build adds the pipeline to s: it reads cfg.Inputs and writes
// cfg.Output. It returns an error for options out of range or a pattern
// that matches nothing.
func Build(s beam.Scope, cfg Config) error {
	if _, err := dedupe.NewBatch(cfg.Options); err != nil {
		return fmt.Errorf("pipeline: %w", err)
	}
	paths, err := expand(context.Background(), cfg.Inputs)
	if err != nil {
		return err
	}
	lines := Lines(s, paths, cfg)
	textio.Write(s.Scope("write"), cfg.Output, lines)
	return nil
}

// expand expands the patterns of inputs, in order, each one's matches
// sorted: a pattern with a scheme by the Beam filesystem of that scheme,
// others by filepath.Glob.
func expand(ctx context.Context, inputs []string) ([]string, error) {
	var paths []string
	for _, in := range inputs {
		var ms []string
		var err error
		if remote(in) {
			ms, err = list(ctx, in)
		} else {
			ms, err = filepath.Glob(in)
		}
		if err != nil {
			return nil, fmt.Errorf("pipeline: input %q: %w", in, err)
		}
		if len(ms) == 0 {
			return nil, fmt.Errorf("pipeline: input %q matches no file", in)
		}
		paths = append(paths, ms...)
	}
	if len(paths) == 0 {
		return nil, fmt.Errorf("pipeline: no input")
	}
	return paths, nil
}

// Lines returns the pipeline's output for the files at paths, read in
// that order: a PCollection of one string, the JSON lines without the
// last newline.
func Lines(s beam.Scope, paths []string, cfg Config) beam.PCollection {
	opts := cfg.Options
	if b, err := dedupe.NewBatch(opts); err == nil {
		opts = b.Options() // the defaults filled in; else the workers' Setup fails
	}
	refs := make([]fileRef, len(paths))
	for i, p := range paths {
		refs[i] = fileRef{Index: i, Path: p}
	}
	files := beam.CreateList(s.Scope("files"), refs)
	docs, readTally, fileCounts := beam.ParDo3(s.Scope("read"), &readFn{MaxFileSize: cfg.MaxFileSize, MaxLineSize: cfg.MaxLineSize}, files)
	entries, prepTally := beam.ParDo2(s.Scope("prepare"), &prepareFn{Options: opts}, docs)

	ks := s.Scope("keys")
	bands, sims, fps, docFps, keyTally := beam.ParDo5(ks, &keysFn{Options: opts}, entries)
	gs := s.Scope("group")
	bandPairs := beam.ParDo(gs, &wholeGroupFn{Cap: opts.MaxDF, Flag: flagBand}, beam.GroupByKey(gs, bands))
	simPairs := beam.ParDo(gs, &simGroupFn{Options: opts, Cap: opts.MaxDF}, beam.GroupByKey(gs, sims))
	fpPairs := beam.ParDo(gs, &fpGroupFn{Cap: opts.MaxDF}, beam.GroupByKey(gs, fps))

	cs := s.Scope("candidates")
	counts := beam.CombinePerKey(cs, mergeCounts, beam.Flatten(cs, bandPairs, simPairs, fpPairs))
	cands := beam.ParDo(cs, &candidateFn{Options: opts}, counts)

	js := s.Scope("join")
	halves := beam.ParDo(js, joinEarlier, beam.CoGroupByKey(js, entries, cands))
	pairs := beam.ParDo(js, joinLater, beam.CoGroupByKey(js, entries, halves))

	vs := s.Scope("verify")
	verified, asks, links := beam.ParDo3(vs, &verifyFn{Options: opts}, pairs)

	ss := s.Scope("strong")
	places := beam.ParDo(ss, strongClusters, beam.Impulse(ss), beam.SideInput{Input: links})

	ms := s.Scope("common")
	carriers := beam.ParDo(ms, carriersOf, beam.CoGroupByKey(ms, docFps, places))
	asks = beam.ParDo(ms, clusterEarlier, beam.CoGroupByKey(ms, asks, places))
	queries := beam.ParDo(ms, clusterLater, beam.CoGroupByKey(ms, asks, places))
	commons := beam.ParDo(ms, &commonFn{Options: opts}, beam.CoGroupByKey(ms, carriers, queries), beam.SideInput{Input: fileCounts})

	us := s.Scope("judge")
	judged := beam.ParDo(us, &judgeFn{Options: opts}, beam.CoGroupByKey(us, verified, commons))

	os := s.Scope("output")
	zero := beam.Create(os, tally{})
	total := beam.Combine(os, mergeTally, beam.Flatten(os, zero, readTally, prepTally, keyTally))
	return beam.ParDo(os, writeLines, beam.Impulse(os), beam.SideInput{Input: judged}, beam.SideInput{Input: total})
}

func init() {
	for _, t := range []any{fileRef{}, fileCount{}, document{}, tally{}, simDoc{}, cand{}, half{}, pairDocs{}, ask{}, query{}, carrier{}, place{}, common{}, link{}, judged{}} {
		beam.RegisterType(reflect.TypeOf(t))
	}
}
