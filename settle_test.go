package dedupe

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/newsreuse/dedupe/synth"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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

// TestSettleCommon: Settle counts the unrelated carriers of a fingerprint
// among the documents of its window, whatever else they carry.
func TestSettleCommon(t *testing.T) {
	const h = 101
	d := New(Options{})
	// Documents 0 and 1 are the pair; 2 to 1+settleOutside carry h.
	d.passage.Add(0, []uint64{h})
	d.passage.Add(1, []uint64{h})
	for id := uint32(2); id < 2+settleOutside; id++ {
		d.passage.Add(id, []uint64{h})
	}
	d.mu.RLock()
	defer d.mu.RUnlock()
	if !d.settleCommon(h, 0, 1, 0, 0, 0, 2+settleOutside) {
		t.Errorf("%d unrelated documents carry h: not common", settleOutside)
	}
	if d.settleCommon(h, 0, 1, 0, 0, 3, 2+settleOutside) {
		t.Errorf("%d unrelated documents in the window carry h: common", settleOutside-1)
	}
}

// TestSettleStockSentenceWithSlot: two stories that share only a stock
// sentence with a slot, the same words in it, link early in a stream;
// once a dozen other stories carry the sentence, each with its own word
// in the slot and its own words around it, Settle drops the link. Each
// document's winnowing picks its own fingerprints near the slot, so
// counting only carriers of a fingerprint next to the fixed part's kept
// the link in some trials.
func TestSettleStockSentenceWithSlot(t *testing.T) {
	r := rand.New(rand.NewPCG(41, 2))
	v := vocab(r, 5000)
	words := func(n int) string { return sentence(r, v, n) }
	stock := func(topic string) string {
		return "an official familiar with the " + topic + " who spoke on condition of anonymity because they were not authorized to discuss the matter publicly said the " + words(1)
	}
	kept := 0
	for trial := range 40 {
		d := New(Options{Seed: uint32(trial)})
		add := adder(t, d)
		topics := strings.Fields(words(14))
		add("a", words(100)+"\n\n"+words(6)+" "+stock(topics[0])+" "+words(6)+"\n\n"+words(60))
		b := add("b", words(90)+"\n\n"+words(6)+" "+stock(topics[0])+" "+words(6)+"\n\n"+words(70))
		require.True(t, linkedTo(b, "a"), "trial %d: the stock sentence did not link early", trial)
		for i := range 12 {
			add(fmt.Sprint("other", i), words(100)+"\n\n"+words(6)+" "+stock(topics[2+i])+" "+words(6)+"\n\n"+words(60))
		}
		_, err := d.Settle()
		require.NoError(t, err)
		for _, p := range d.Pairs() {
			if p.A == "a" && p.B == "b" {
				kept++
				t.Logf("trial %d: the link kept", trial)
			}
		}
	}
	assert.Zero(t, kept, "links by a stock sentence kept")
}

func TestAround(t *testing.T) {
	for _, c := range []struct{ id, end, lo, hi uint32 }{
		{id: 5, end: 100, lo: 0, hi: 100},
		{id: 5, end: commonWindow, lo: 0, hi: commonWindow},
		{id: 5, end: 3 * commonWindow, lo: 0, hi: commonWindow},
		{id: commonWindow, end: 3 * commonWindow, lo: commonWindow / 2, hi: commonWindow * 3 / 2},
		{id: 3*commonWindow - 1, end: 3 * commonWindow, lo: 2 * commonWindow, hi: 3 * commonWindow},
	} {
		if lo, hi := around(c.id, c.end); lo != c.lo || hi != c.hi {
			t.Errorf("around(%d, %d) = %d, %d, want %d, %d", c.id, c.end, lo, hi, c.lo, c.hi)
		}
	}
}

// TestSettleParallel: Settle shared out over goroutines, a few pairs each,
// drops the same pairs and leaves the same clusters as on one goroutine
// (run with -race, it checks that judging writes nothing shared).
func TestSettleParallel(t *testing.T) {
	defer func(n int) { settleStretch = n }(settleStretch)
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	c := synth.Generate(messyCorpora()[1])
	settled := func(stretch int) ([]Pair, []Cluster, int) {
		settleStretch = stretch
		d := New(Options{})
		for _, doc := range c.Docs {
			if _, err := d.Add(Document{ID: doc.ID, Text: []byte(doc.Text), Time: doc.Time}); err != nil {
				t.Fatal(err)
			}
		}
		n, err := d.Settle()
		if err != nil {
			t.Fatal(err)
		}
		return d.Pairs(), d.Clusters(), n
	}
	wantPairs, wantClusters, wantN := settled(1 << 30)
	gotPairs, gotClusters, gotN := settled(2)
	if wantN == 0 {
		t.Fatal("nothing dropped: the corpus does not test Settle")
	}
	if gotN != wantN || !reflect.DeepEqual(gotPairs, wantPairs) || !reflect.DeepEqual(gotClusters, wantClusters) {
		t.Errorf("on several goroutines: %d pairs dropped, %d pairs, %d clusters; on one: %d, %d, %d", gotN, len(gotPairs), len(gotClusters), wantN, len(wantPairs), len(wantClusters))
	}
}
