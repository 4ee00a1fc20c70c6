package dedupe

import (
	"errors"
	"slices"
	"testing"

	"github.com/newsreuse/dedupe/synth"
)

// TestSettle: on a messy corpus, Settle drops pairs, every pair it leaves
// was there before, and the clusters are grouped again from the pairs
// left: each cluster's members are joined by those pairs, and every pair
// is inside one cluster. A persistent Detector refuses it.
func TestSettle(t *testing.T) {
	c := synth.Generate(messyCorpora()[0])
	d := New(Options{})
	for _, doc := range c.Docs {
		if _, err := d.Add(Document{ID: doc.ID, Text: []byte(doc.Text), Time: doc.Time}); err != nil {
			t.Fatal(err)
		}
	}
	before := d.Pairs()
	n, err := d.Settle()
	if err != nil {
		t.Fatal(err)
	}
	after := d.Pairs()
	if n == 0 || len(after) != len(before)-n {
		t.Fatalf("Settle dropped %d pairs: %d before, %d after", n, len(before), len(after))
	}
	type key struct{ a, b string }
	had := map[key]bool{}
	for _, p := range before {
		had[key{p.A, p.B}] = true
	}
	in := map[string]string{}
	for _, cl := range d.Clusters() {
		for _, m := range cl.Members {
			in[m] = cl.ID
		}
	}
	// Each document's cluster, grouped from the pairs left.
	parent := map[string]string{}
	var root func(string) string
	root = func(x string) string {
		if p, ok := parent[x]; ok && p != x {
			r := root(p)
			parent[x] = r
			return r
		}
		return x
	}
	for _, p := range after {
		if !had[key{p.A, p.B}] {
			t.Errorf("pair %s-%s is new", p.A, p.B)
		}
		if in[p.A] == "" || in[p.A] != in[p.B] {
			t.Errorf("pair %s-%s: clusters %q and %q", p.A, p.B, in[p.A], in[p.B])
		}
		parent[root(p.A)] = root(p.B)
	}
	members := map[string][]string{}
	for id, cl := range in {
		members[cl] = append(members[cl], root(id))
	}
	for cl, roots := range members {
		if slices.Sort(roots); roots[0] != roots[len(roots)-1] {
			t.Errorf("cluster %s: its members are not joined by the pairs left", cl)
		}
	}

	p, err := Open(t.TempDir(), Options{}, StoreOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	if _, err := p.Settle(); !errors.Is(err, ErrSettlePersistent) {
		t.Errorf("persistent: %v, want ErrSettlePersistent", err)
	}
}
