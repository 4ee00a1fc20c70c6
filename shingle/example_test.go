package shingle_test

import (
	"fmt"

	"github.com/newsreuse/dedupe/shingle"
)

func ExampleNormalize() {
	fmt.Printf("%s\n", shingle.Normalize(nil, []byte("MOSCOW (AP) — Azerbaijan’s “decades-old” dispute")))
	// Output: moseow ap azerhaijans deadesold dispnte
}

func ExampleShingler_Tokens() {
	text := []byte("Putin’s peace-\nkeeping plan")
	var s shingle.Shingler
	for tok := range s.Tokens(text) {
		fmt.Printf("[%d,%d) %q\n", tok.Start, tok.End, text[tok.Start:tok.End])
	}
	// Output:
	// [0,9) "Putin’s"
	// [10,24) "peace-\nkeeping"
	// [25,29) "plan"
}

func ExampleShingler_AppendHashes() {
	s := shingle.Shingler{K: 3}
	toks := s.AppendTokens(nil, []byte("one two three four"))
	fmt.Println(len(s.AppendHashes(nil, toks)), "shingles")
	// Output: 2 shingles
}
