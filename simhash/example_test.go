package simhash_test

import (
	"fmt"
	"hash/fnv"
	"strings"

	"github.com/newsreuse/dedupe/simhash"
)

// shingleHashes hashes every 3-word shingle of text. Real callers use the
// shingle package; simhash only sees the hashes.
func shingleHashes(text string) []uint64 {
	words := strings.Fields(strings.ToLower(text))
	var hs []uint64
	for i := 0; i+3 <= len(words); i++ {
		h := fnv.New64a()
		h.Write([]byte(strings.Join(words[i:i+3], " ")))
		hs = append(hs, h.Sum64())
	}
	return hs
}

const (
	wire = `The central bank raised its benchmark interest rate by a quarter point on
Wednesday, citing persistent inflation in services and a tight labour market, and
signalled that further increases were possible if price pressures did not ease
over the coming months, according to a statement released after the meeting.`
	reprint = `The central bank raised its benchmark interest rate by a quarter point on
Tuesday, citing persistent inflation in services and a tight labour market, and
signalled that further increases were possible if price pressures did not ease
over the coming months, according to a statement released after the meeting.`
	other = `Heavy rain flooded several streets in the old town overnight, and the fire
service pumped water from dozens of basements while the council closed two
bridges as a precaution until engineers could inspect them in daylight.`
)

func ExampleFingerprint() {
	a := simhash.Fingerprint(shingleHashes(wire))
	b := simhash.Fingerprint(shingleHashes(reprint))
	c := simhash.Fingerprint(shingleHashes(other))
	fmt.Println("wire vs reprint:", simhash.Distance(a, b))
	fmt.Println("wire vs other:  ", simhash.Distance(a, c))
	// Output:
	// wire vs reprint: 6
	// wire vs other:   34
}

func ExampleVector() {
	body := shingleHashes(wire)
	headline := shingleHashes("Central bank raises rates again")

	// Without weights, a Vector gives the same fingerprint as Fingerprint.
	var v simhash.Vector
	v.AddAll(body)
	fmt.Println(v.Sum64() == simhash.Fingerprint(body))

	// Count the headline's shingles three times.
	for _, h := range headline {
		v.AddWeighted(h, 3)
	}
	fmt.Println("moved by headline:", simhash.Distance(v.Sum64(), simhash.Fingerprint(body)))
	// Output:
	// true
	// moved by headline: 21
}

func ExampleIndex() {
	// Short texts have few shingles, so one edited word moves several bits:
	// search them with a larger K than the default 3.
	ix := simhash.NewIndex(8)
	ix.Add(1, simhash.Fingerprint(shingleHashes(wire)))
	ix.Add(2, simhash.Fingerprint(shingleHashes(other)))

	var matches []simhash.Match // reuse across queries: ix.AppendNear(matches[:0], fp)
	matches = ix.AppendNear(matches, simhash.Fingerprint(shingleHashes(reprint)))
	fmt.Println(matches)
	// Output: [{1 6}]
}
