package dedupe_test

import (
	"fmt"

	"github.com/newsreuse/dedupe"
)

func ExampleDetector() {
	wire := "MOSCOW (AP) — Armenia and Azerbaijan have been locked in a decades-old dispute over Nagorno-Karabakh, a region that lies within Azerbaijan but was under the control of ethnic Armenian forces backed by Armenia since a separatist war there ended in 1994."
	local := "Leaders met in Sochi on Friday. Armenia and Azerbaijan have been locked in a decades‐old dispute over Nagorno‐Karabakh, a region that lies within Azerbaijan but was under the control of ethnic Armenian forces backed by Armenia since a separatist war there ended in 1994. More talks are planned."

	d := dedupe.New(dedupe.Options{})
	d.Add(dedupe.Document{ID: "ap", Text: []byte(wire)})
	res, _ := d.Add(dedupe.Document{ID: "local", Text: []byte(local)})
	for _, m := range res.Matches {
		for _, p := range m.Passages {
			fmt.Printf("%s shares %d words with %s: %q\n", res.ID, p.Words, m.ID, local[p.Start:p.End][:40])
		}
	}
	fmt.Println("cluster:", res.Cluster)
	// Output:
	// local shares 38 words with ap: "Armenia and Azerbaijan have been locked "
	// cluster: c1
}
