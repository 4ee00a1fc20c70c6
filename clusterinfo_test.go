package dedupe

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCluster checks the lookup of every cluster against Clusters and a
// scan of Pairs, on a generated corpus in both modes, and again after
// deleting a fifth of the documents (clusters split and shrink).
func TestCluster(t *testing.T) {
	docs := generated(2, 300)
	for i := range 40 { // near-duplicates, for near-only clusters too
		doc := docs[i%5*50]
		doc.ID = fmt.Sprintf("%s-copy%d", doc.ID, i)
		docs = append(docs, doc)
	}
	check := func(t *testing.T, d *Detector) {
		t.Helper()
		pairs, clusters := d.Pairs(), d.Clusters()
		if len(clusters) == 0 {
			return
		}
		for _, c := range clusters {
			info, ok := d.Cluster(c.ID)
			require.True(t, ok, c.ID)
			assert.Equal(t, c, info.Cluster)
			in := map[string]bool{}
			for _, m := range c.Members {
				in[m] = true
			}
			var want []Pair
			for _, p := range pairs {
				if in[p.A] && in[p.B] {
					want = append(want, p)
				}
			}
			assert.Equal(t, want, info.Pairs, c.ID)
		}
		last := clusters[len(clusters)-1].ID
		for _, name := range []string{"", "c", "c0", "c01", "C1", "x1", "c-1", "c1 ", "c99999999", "c99999999999", last + "0"} {
			_, ok := d.Cluster(name)
			assert.False(t, ok, "%q", name)
		}
	}
	for _, opts := range []Options{{}, {NearOnly: true}} {
		t.Run(fmt.Sprintf("near-only=%v", opts.NearOnly), func(t *testing.T) {
			d, _ := addAll(t, opts, docs)
			require.Positive(t, d.Stats().Clusters)
			check(t, d)
			for i, doc := range docs {
				if i%5 == 2 {
					require.NoError(t, d.Delete(doc.ID))
				}
			}
			check(t, d)
			// A cluster name that is no more (merged or emptied) is not found.
			names := map[string]bool{}
			for _, c := range d.Clusters() {
				names[c.ID] = true
			}
			for n := 1; n < 2000; n++ {
				name := clusterName(n)
				_, ok := d.Cluster(name)
				assert.Equal(t, names[name], ok, name)
			}
		})
	}
}
