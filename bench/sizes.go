package main

import (
	"fmt"
	"strconv"
	"strings"
)

// parseSize parses a size such as "100MB", "1GB", "1.5GB", "500kB" or
// "12345" (bytes). Units are decimal: 1 MB = 10⁶ bytes.
func parseSize(s string) (int64, error) {
	t := strings.ToUpper(strings.TrimSpace(s))
	mult := int64(1)
	for _, u := range []struct {
		suffix string
		mult   int64
	}{{"GB", 1e9}, {"MB", 1e6}, {"KB", 1e3}, {"B", 1}} {
		if strings.HasSuffix(t, u.suffix) {
			t, mult = strings.TrimSpace(strings.TrimSuffix(t, u.suffix)), u.mult
			break
		}
	}
	v, err := strconv.ParseFloat(t, 64)
	if err != nil || v <= 0 {
		return 0, fmt.Errorf("bad size %q (want e.g. 100MB or 1GB)", s)
	}
	return int64(v * float64(mult)), nil
}

// parseSizes parses a comma-separated list of sizes, keeping the labels.
func parseSizes(s string) (labels []string, sizes []int64, err error) {
	for f := range strings.SplitSeq(s, ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		n, err := parseSize(f)
		if err != nil {
			return nil, nil, err
		}
		labels = append(labels, strings.ToUpper(f))
		sizes = append(sizes, n)
	}
	return labels, sizes, nil
}
