package synth_test

import (
	"fmt"
	"io"
	"strings"

	"github.com/newsreuse/dedupe/synth"
)

func Example() {
	c := synth.Generate(synth.Options{Seed: 1, Stories: 3})
	fmt.Println(len(c.Docs), "docs,", len(c.Reuses), "reuse pairs")
	d := c.Docs[0]
	fmt.Println(d.ID, d.Kind, "|", strings.SplitN(d.Text, "\n", 2)[0])
	r := c.Reuses[0]
	fmt.Println(r.A, r.B, r.Kind, c.Source[r.B] == r.A)
	// Output:
	// 16 docs, 12 reuse pairs
	// d0000001 wire | Food and Drug Administration approves historic booster amid systems
	// d0000001 d0000002 reprint true
}

func ExampleWrite() {
	st, err := synth.Write(io.Discard, synth.Options{Seed: 1, TargetBytes: 100_000})
	fmt.Println(st.Docs, "docs", st.Bytes >= 100_000, err)
	// Output: 43 docs true <nil>
}
