// Command dedupebeam runs dedupe's analysis of a whole corpus as an Apache
// Beam pipeline: locally on Prism (the default runner), or on Dataflow,
// Flink or Spark with Beam's runner flags. It writes the command dedupe's
// JSON lines (pair, cluster and summary objects).
//
//	dedupebeam --input '../testdata/seeds/*.txt' --output seeds.jsonl
//
// See beam/README.md for the runners, the cost model and what differs
// from the command dedupe.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/gcs" // --input, --output gs://...
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/s3"  // --input, --output s3://...
	"github.com/apache/beam/sdks/v2/go/pkg/beam/x/beamx"
	"github.com/newsreuse/dedupe/beam/pipeline"
	"github.com/newsreuse/dedupe/corpus"
	"github.com/newsreuse/dedupe/internal/optflag"
)

// inputs is a repeatable, comma-separated --input flag.
type inputs []string

func (in *inputs) String() string { return strings.Join(*in, ",") }

func (in *inputs) Set(v string) error {
	for p := range strings.SplitSeq(v, ",") {
		if p != "" {
			*in = append(*in, p)
		}
	}
	return nil
}

func main() {
	var cfg pipeline.Config
	flag.Var((*inputs)(&cfg.Inputs), "input", "file `patterns` (comma-separated, or the flag repeated) of .txt, .md, .html and .jsonl files, optionally gzipped, or local folders; gs:// and s3:// patterns are read through Beam's filesystems")
	flag.StringVar(&cfg.Output, "output", "", "`path` of the JSON lines written")
	maxFile, maxLine := optflag.Size(256<<20), optflag.Size(corpus.MaxLineSize)
	flag.Var(&maxFile, "max-file-size", "`size` of the largest text or HTML file read, after decompression; larger ones are skipped")
	flag.Var(&maxLine, "max-line-size", "`size` of the longest JSON line read; longer lines are skipped")
	optflag.Register(flag.CommandLine, &cfg.Options)
	metrics := flag.Bool("metrics", false, "print the pipeline's counters (bytes shuffled at each stage, group sizes) on stderr at the end")
	flag.Parse()
	if !isSet("runner") {
		if err := flag.Set("runner", "prism"); err != nil {
			fmt.Fprintf(os.Stderr, "dedupebeam: %v\n", err)
			os.Exit(2)
		}
	}
	if len(cfg.Inputs) == 0 || cfg.Output == "" {
		fmt.Fprintln(os.Stderr, "dedupebeam: --input and --output are required")
		flag.Usage()
		os.Exit(2)
	}
	if err := optflag.Check("dedupebeam", cfg.Options); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	cfg.MaxFileSize, cfg.MaxLineSize = int64(maxFile), int(maxLine)
	beam.Init()
	p, s := beam.NewPipelineWithRoot()
	if err := pipeline.Build(s, cfg); err != nil {
		fmt.Fprintf(os.Stderr, "dedupebeam: %v\n", err)
		os.Exit(2)
	}
	res, err := beamx.RunWithMetrics(context.Background(), p)
	if err != nil {
		fmt.Fprintf(os.Stderr, "dedupebeam: %v\n", err)
		os.Exit(1)
	}
	if *metrics && res != nil {
		printMetrics(res)
	}
}

// printMetrics prints the pipeline's counters and distributions on
// stderr, summed over the steps that report them: the figures of
// README.md's cost model.
func printMetrics(res beam.PipelineResult) {
	counts := map[string]int64{}
	var names []string
	for _, c := range res.Metrics().AllMetrics().Counters() {
		if _, ok := counts[c.Key.Name]; !ok {
			names = append(names, c.Key.Name)
		}
		counts[c.Key.Name] += c.Committed
	}
	slices.Sort(names)
	docs := max(1, counts["documents_read"])
	for _, n := range names {
		fmt.Fprintf(os.Stderr, "%s: %d (%.1f a document)\n", n, counts[n], float64(counts[n])/float64(docs))
	}
	for _, d := range res.Metrics().AllMetrics().Distributions() {
		v := d.Committed
		fmt.Fprintf(os.Stderr, "%s %s: %d groups, largest %d, mean %.2f\n", d.Key.Step, d.Key.Name, v.Count, v.Max, float64(v.Sum)/float64(max(1, v.Count)))
	}
}

// isSet reports whether the flag name was given on the command line.
func isSet(name string) bool {
	set := false
	flag.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}
