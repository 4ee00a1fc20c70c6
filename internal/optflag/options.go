package optflag

import (
	"errors"
	"flag"
	"fmt"

	"github.com/newsreuse/dedupe"
)

// Register defines on fs the flags of the detection options, each set
// into its field of o, with the command dedupe's defaults (optionFlags
// names them).
func Register(fs *flag.FlagSet, o *dedupe.Options) {
	fs.IntVar(&o.Shingle, "shingle", 5, "words per shingle")
	fs.Float64Var(&o.Threshold, "threshold", 0.8, "Jaccard similarity at which two documents are near-duplicates")
	fs.BoolVar(&o.NearOnly, "near-only", false, "compare whole documents only: near-duplicates, no passages (fast)")
	fs.IntVar(&o.MaxDF, "max-df", 0, "a passage fingerprint (or MinHash bucket) in more documents than this gives only its latest ones as candidates (0: 50)")
	fs.IntVar(&o.Align.MinWords, "min-words", 20, "fewest matched words in a reported passage")
	fs.IntVar(&o.Align.MinRun, "min-run", 8, "length in words of the longest exact run a passage must contain")
	fs.IntVar(&o.Align.MaxGap, "max-gap", 8, "most unmatched words between two runs of one passage")
	fs.Float64Var(&o.Align.MinDensity, "min-density", 0.6, "smallest share of a passage's words that must match, on each side")
	fs.IntVar(&o.Permutations, "permutations", 128, "MinHash signature size")
	fs.BoolVar(&o.Reworded, "reworded", false, "also find passages reworded sentence by sentence (paraphrase, translation); slower, and stories from one template may link")
	o.MaxDocumentBytes = 64 << 20
	fs.Var((*IntSize)(&o.MaxDocumentBytes), "max-doc-size", "largest document `size` compared, in bytes or with a suffix (KiB, MiB, GiB, KB, MB, GB); larger ones are skipped with a warning (at most 2GiB-1)")
}

// optionFlags names the flag of each field of dedupe.Options that has one.
var optionFlags = map[string]string{
	"Shingle":          "shingle",
	"Threshold":        "threshold",
	"MaxDF":            "max-df",
	"Align.MinWords":   "min-words",
	"Align.MinRun":     "min-run",
	"Align.MaxGap":     "max-gap",
	"Align.MinDensity": "min-density",
	"Permutations":     "permutations",
	"MaxDocumentBytes": "max-doc-size",
}

// Check validates o, naming the flag of a field out of range in an error
// that starts with prog.
func Check(prog string, o dedupe.Options) error {
	err := o.Validate()
	var oe *dedupe.OptionError
	if errors.As(err, &oe) {
		if name, ok := optionFlags[oe.Field]; ok {
			return fmt.Errorf("%s: -%s %s out of range %s", prog, name, oe.Value, oe.Range)
		}
	}
	return err
}
