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
