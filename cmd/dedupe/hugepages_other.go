//go:build !linux

package main

// adviseHugePages does nothing here: transparent huge pages are Linux's
// (see hugepages.go).
func adviseHugePages(paths []string) {}
