package postings

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestMapModel runs random adds (once or not), combined reads and
// removes against a plain map of slices.
func TestMapModel(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var m Map
	model := map[uint64][]uint32{}
	for step := range 20000 {
		key, id := uint64(r.IntN(40)), uint32(r.IntN(30))
		switch r.IntN(4) {
		case 0, 1:
			once := r.IntN(2) == 0
			got := m.AppendAdd([]uint32{99}, key, id, once)
			require.Equal(t, append([]uint32{99}, model[key]...), got, "step %d", step)
			if l := model[key]; !once || len(l) == 0 || l[len(l)-1] != id {
				model[key] = append(l, id)
			}
		case 2:
			l := model[key]
			i := slices.Index(l, id)
			require.Equal(t, i >= 0, m.Remove(key, id), "step %d", step)
			if i >= 0 {
				model[key] = slices.Delete(l, i, i+1)
				if len(model[key]) == 0 {
					delete(model, key)
				}
			}
		case 3:
			require.Equal(t, model[key], nilIfEmpty(slices.Clone(m.Get(key))), "step %d", step)
		}
		require.Equal(t, len(model), m.Len())
	}
	require.LessOrEqual(t, m.Lists(), 40, "emptied lists are reused: never more than the keys")
}

func nilIfEmpty(s []uint32) []uint32 {
	if len(s) == 0 {
		return nil
	}
	return s
}

func TestMapPanics(t *testing.T) {
	var m Map
	require.Panics(t, func() { m.Add(1, MaxID+1, false) })
	require.NotPanics(t, func() { m.Add(1, MaxID, false) })
	require.Equal(t, []uint32{MaxID}, m.Get(1))
	require.Nil(t, m.Get(2))
}
