package eval_test

import (
	"fmt"

	"github.com/newsreuse/dedupe/eval"
)

// A case of 100 characters on each side, found in two overlapping pieces
// with one piece also reaching into unrelated text.
func ExamplePlagDet() {
	cases := []eval.Annotation{{Susp: "t", SuspOff: 0, SuspLen: 100, Src: "s", SrcOff: 0, SrcLen: 100}}
	dets := []eval.Annotation{
		{Susp: "t", SuspOff: 0, SuspLen: 60, Src: "s", SrcOff: 0, SrcLen: 60},
		{Susp: "t", SuspOff: 50, SuspLen: 100, Src: "s", SrcOff: 50, SrcLen: 100},
	}
	rec := eval.MacroRecall(cases, dets)     // 200 of 200 chars
	prec := eval.MacroPrecision(cases, dets) // (120/120 + 100/200) / 2
	gran := eval.Granularity(cases, dets)    // 2 detections for 1 case
	fmt.Printf("recall %.5f precision %.5f granularity %.5f plagdet %.5f\n",
		rec, prec, gran, eval.PlagDet(prec, rec, gran))
	// Output: recall 1.00000 precision 0.75000 granularity 2.00000 plagdet 0.54080
}

func ExampleMacroRecall() {
	a1 := eval.Annotation{Susp: "t1", SuspOff: 0, SuspLen: 100, Src: "s1", SrcOff: 0, SrcLen: 100}
	a7 := eval.Annotation{Susp: "t2", SuspOff: 0, SuspLen: 100, Src: "s2", SrcOff: 0, SrcLen: 100}
	fmt.Println(eval.MacroRecall([]eval.Annotation{a1, a7}, []eval.Annotation{a1}))
	// Output: 0.5
}
