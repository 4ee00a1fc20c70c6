package dedupe

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/newsreuse/dedupe/synth"
)

// TestSourceContains: without times, and with equal times, the source
// of a cluster is the text that holds the others' passages, though it was
// added last: four local stories, each quoting three different paragraphs
// of a wire story and carrying one note of their own in common, then the
// story. (A fifth may stay out of the cluster: grouping does not chain.)
func TestSourceContains(t *testing.T) {
	c := synth.Generate(synth.Options{Seed: 7, Stories: 40})
	var wire []string
	var locals []string
	for _, d := range c.Docs {
		switch d.Kind {
		case synth.KindWire:
			if ps := strings.Split(d.Text, "\n\n"); len(ps) > len(wire) {
				wire = ps
			}
		case synth.KindLocal:
			locals = append(locals, d.Text)
		}
	}
	if len(wire) < 14 || len(locals) < 5 {
		t.Fatalf("no wire story of 14 paragraphs (longest %d) or 5 local stories", len(wire))
	}
	note := strings.Join(strings.Fields(locals[4])[20:130], " ")
	for _, tm := range []time.Time{{}, time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)} {
		d := New(Options{})
		for i := range 4 {
			text := locals[i] + "\n\n" + strings.Join(wire[1+3*i:4+3*i], "\n\n") + "\n\n" + note
			if _, err := d.Add(Document{ID: fmt.Sprint("part", i), Text: []byte(text), Time: tm}); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := d.Add(Document{ID: "wire", Text: []byte(strings.Join(wire, "\n\n")), Time: tm}); err != nil {
			t.Fatal(err)
		}
		cs := d.Clusters()
		if len(cs) != 1 || len(cs[0].Members) < 4 {
			t.Fatalf("time %v: clusters %+v, want one of four or five", tm, cs)
		}
		if cs[0].Source != "wire" {
			t.Errorf("time %v: source %s, want wire", tm, cs[0].Source)
		}
		for c := range d.AllClusters() {
			if c.Source != "wire" {
				t.Errorf("time %v: AllClusters: source %s, want wire", tm, c.Source)
			}
		}
	}
}
