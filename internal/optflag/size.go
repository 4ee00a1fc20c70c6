// Package optflag holds the command-line flags that the commands dedupe
// and dedupebeam share: the detection options (dedupe.Options), each
// mapped one to one onto a flag, their check naming the flag of a value
// out of range, and sizes given with units ("64MiB").
package optflag

import (
	"errors"
	"math"
	"strconv"
	"strings"
)

// A Size is a number of bytes given as a flag: plain bytes ("1048576"), or
// a number with a unit, decimal (kB, MB, GB, TB: powers of 1000) or binary
// (KiB, MiB, GiB, TiB: powers of 1024), case ignored ("64MiB", "1gb").
type Size int64

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
func parseSize(s string) (Size, error) {
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
	return Size(int64(n) * mult), nil
}

// String gives the size in the largest binary unit that divides it.
func (z Size) String() string {
	for i := 3; i >= 0; i-- {
		u := units[i]
		if z >= Size(u.bytes) && int64(z)%u.bytes == 0 {
			return strconv.FormatInt(int64(z)/u.bytes, 10) + []string{"KiB", "MiB", "GiB", "TiB"}[i]
		}
	}
	return strconv.FormatInt(int64(z), 10)
}

// Set parses a flag's value (flag.Value).
func (z *Size) Set(s string) error {
	v, err := parseSize(s)
	if err != nil {
		return err
	}
	*z = v
	return nil
}

// An IntSize is a Size flag held in an int, as dedupe.Options.MaxDocumentBytes
// is. A size beyond an int is kept as the largest int, for Validate to
// refuse with the option's range.
type IntSize int

func (z *IntSize) String() string { return Size(*z).String() }

// Set parses a flag's value (flag.Value).
func (z *IntSize) Set(s string) error {
	v, err := parseSize(s)
	if err != nil {
		return err
	}
	*z = IntSize(min(int64(v), math.MaxInt))
	return nil
}
