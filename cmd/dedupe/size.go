package main

import (
	"errors"
	"math"
	"strconv"
	"strings"
)

// A size is a number of bytes given as a flag: plain bytes ("1048576"), or
// a number with a unit, decimal (kB, MB, GB, TB: powers of 1000) or binary
// (KiB, MiB, GiB, TiB: powers of 1024), case ignored ("64MiB", "1gb").
type size int64

// units are the suffixes a size may have, longest first within a prefix.
var units = []struct {
	suffix string
	bytes  int64
}{
	{"kib", 1 << 10}, {"mib", 1 << 20}, {"gib", 1 << 30}, {"tib", 1 << 40},
	{"kb", 1e3}, {"mb", 1e6}, {"gb", 1e9}, {"tb", 1e12},
	{"b", 1},
}

var errSize = errors.New("want a positive number of bytes, optionally with a unit: kB, MB, GB, TB (powers of 1000) or KiB, MiB, GiB, TiB (powers of 1024)")

// parseSize parses s as a size.
func parseSize(s string) (size, error) {
	num, mult := strings.TrimSpace(s), int64(1)
	lower := strings.ToLower(num)
	for _, u := range units {
		if strings.HasSuffix(lower, u.suffix) {
			num, mult = strings.TrimSpace(num[:len(num)-len(u.suffix)]), u.bytes
			break
		}
	}
	n, err := strconv.ParseUint(num, 10, 63)
	if err != nil || n == 0 || n > math.MaxInt64/uint64(mult) {
		return 0, errSize
	}
	return size(int64(n) * mult), nil
}

// String gives the size in the largest binary unit that divides it.
func (z size) String() string {
	for i := 3; i >= 0; i-- {
		u := units[i]
		if z >= size(u.bytes) && int64(z)%u.bytes == 0 {
			return strconv.FormatInt(int64(z)/u.bytes, 10) + []string{"KiB", "MiB", "GiB", "TiB"}[i]
		}
	}
	return strconv.FormatInt(int64(z), 10)
}

// Set parses a flag's value (flag.Value).
func (z *size) Set(s string) error {
	v, err := parseSize(s)
	if err != nil {
		return err
	}
	*z = v
	return nil
}

// An intSize is a size flag held in an int, as dedupe.Options.MaxDocumentBytes
// is. A size beyond an int is kept as the largest int, for Validate to
// refuse with the option's range.
type intSize int

func (z *intSize) String() string { return size(*z).String() }

// Set parses a flag's value (flag.Value).
func (z *intSize) Set(s string) error {
	v, err := parseSize(s)
	if err != nil {
		return err
	}
	*z = intSize(min(int64(v), math.MaxInt))
	return nil
}
