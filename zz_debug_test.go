package dedupe

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

func TestZZMessyDebug(t *testing.T) {
	runs, err := messyRuns()
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{}
	for ri, run := range runs {
		for _, p := range run.pairs {
			if p.found && p.truth == nil {
				k := p.a.Kind + "/" + p.b.Kind
				kinds[k]++
				if os.Getenv("SHOWFALSE") != "" {
					fmt.Printf("FALSE run %d %s(%s) %s(%s)\n", ri, p.a.ID, p.a.Kind, p.b.ID, p.b.Kind)
					for _, x := range p.passages {
						fmt.Printf("    [%s] >>> %q\n", strings.ReplaceAll(p.b.Text[x.Start:x.End], "\n", " "), p.b.Text[x.End:min(len(p.b.Text), x.End+60)])
						fmt.Printf("    A >>> %q\n", p.a.Text[x.OtherEnd:min(len(p.a.Text), x.OtherEnd+60)])
					}
				}
			}
		}
	}
	fmt.Println(kinds)
}
