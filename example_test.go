package dedupe_test

import (
	"fmt"
	"os"

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

func ExampleDetector_Document() {
	wire := "MOSCOW (AP) — Armenia and Azerbaijan have been locked in a decades-old dispute over Nagorno-Karabakh, a region that lies within Azerbaijan but was under the control of ethnic Armenian forces backed by Armenia since a separatist war there ended in 1994."
	local := "Leaders met in Sochi on Friday. " + wire[len("MOSCOW (AP) — "):] + " More talks are planned."
	other := "The city council approved the budget for next year on Tuesday after a long debate about road repairs and school funding."

	d := dedupe.New(dedupe.Options{})
	for _, doc := range []dedupe.Document{
		{ID: "ap", Text: []byte(wire)},
		{ID: "council", Text: []byte(other)},
		{ID: "local", Text: []byte(local)},
	} {
		if _, err := d.Add(doc); err != nil {
			fmt.Println(err)
		}
	}
	for _, id := range []string{"ap", "council", "missing"} {
		info, ok := d.Document(id)
		if !ok {
			fmt.Printf("%s: not in the Detector\n", id)
			continue
		}
		fmt.Printf("%s: %d words, cluster %q, pairs: %d\n", info.ID, info.Words, info.Cluster, len(info.Pairs))
		for _, p := range info.Pairs {
			fmt.Printf("  %s -> %s: %d passage(s)\n", p.A, p.B, len(p.Match.Passages))
		}
	}
	// Output:
	// ap: 40 words, cluster "c1", pairs: 1
	//   ap -> local: 1 passage(s)
	// council: 21 words, cluster "", pairs: 0
	// missing: not in the Detector
}

// ExampleOpen keeps an index on disk: a document is stored when Add
// returns, and the index reopened later answers as if it had never
// closed.
func ExampleOpen() {
	dir, err := os.MkdirTemp("", "dedupe-example")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	wire := "MOSCOW (AP) — Armenia and Azerbaijan have been locked in a decades-old dispute over Nagorno-Karabakh, a region that lies within Azerbaijan but was under the control of ethnic Armenian forces backed by Armenia since a separatist war there ended in 1994."
	local := "Leaders met in Sochi on Friday. " + wire[len("MOSCOW (AP) — "):] + " More talks are planned."

	d, err := dedupe.Open(dir, dedupe.Options{}, dedupe.StoreOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	d.Add(dedupe.Document{ID: "ap", Text: []byte(wire)})
	if err := d.Close(); err != nil { // a deploy, say
		fmt.Println(err)
	}

	d, err = dedupe.Open(dir, dedupe.Options{}, dedupe.StoreOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer d.Close()
	res, _ := d.Add(dedupe.Document{ID: "local", Text: []byte(local)})
	fmt.Printf("%d documents; %s shares text with %s, cluster %s\n", d.Len(), res.ID, res.Matches[0].ID, res.Cluster)
	// Output:
	// 2 documents; local shares text with ap, cluster c1
}

// ExampleDetector_Delete removes a retracted story from an index on disk:
// its pairs and its cluster go with it, durably, and a later copy of its
// text is matched only to the local story that quoted it.
func ExampleDetector_Delete() {
	dir, err := os.MkdirTemp("", "dedupe-example")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	wire := "MOSCOW (AP) — Armenia and Azerbaijan have been locked in a decades-old dispute over Nagorno-Karabakh, a region that lies within Azerbaijan but was under the control of ethnic Armenian forces backed by Armenia since a separatist war there ended in 1994."
	local := "Leaders met in Sochi on Friday. " + wire[len("MOSCOW (AP) — "):] + " More talks are planned."

	d, err := dedupe.Open(dir, dedupe.Options{}, dedupe.StoreOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	d.Add(dedupe.Document{ID: "ap", Text: []byte(wire)})
	d.Add(dedupe.Document{ID: "local", Text: []byte(local)})
	fmt.Printf("pairs %d, clusters %d\n", len(d.Pairs()), len(d.Clusters()))
	if err := d.Delete("ap"); err != nil {
		fmt.Println(err)
	}
	d.Close()

	d, err = dedupe.Open(dir, dedupe.Options{}, dedupe.StoreOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer d.Close()
	res, _ := d.Add(dedupe.Document{ID: "reprint", Text: []byte(wire)})
	s := d.Stats()
	fmt.Printf("reopened: documents %d, pairs %d, deleted %d; the reprint matches %s\n", s.Documents, s.Pairs, s.Deletes, res.Matches[0].ID)
	fmt.Println(d.Delete("ap"))
	// Output:
	// pairs 1, clusters 1
	// reopened: documents 2, pairs 1, deleted 1; the reprint matches local
	// dedupe: no such document: "ap"
}
