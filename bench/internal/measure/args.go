package measure

import (
	"flag"
	"fmt"
	"os"
)

// DirArg parses the command line, whose one argument is a directory, and
// returns that directory. With another count of arguments it prints
// usage, a line such as "usage: openindex [-runs N] DIR", and the flags'
// defaults, and exits with status 2.
func DirArg(usage string) string {
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, usage)
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 {
		flag.Usage()
		os.Exit(2)
	}
	return flag.Arg(0)
}
