package main

import (
	"testing"

	"github.com/newsreuse/dedupe/bench/internal/peertest"
)

func TestFind(t *testing.T) {
	if err := peertest.Check(find, 0.6); err != nil {
		t.Fatal(err)
	}
}

func TestBandKey(t *testing.T) {
	if bandKey([]uint64{1, 2}) == bandKey([]uint64{2, 1}) {
		t.Error("bandKey ignores order")
	}
	if a, b := []uint64{1, 2}, []uint64{1, 2}; bandKey(a) != bandKey(b) {
		t.Error("bandKey not deterministic")
	}
}
