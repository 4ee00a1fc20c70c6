package main

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
	"strings"
)

// version returns what dedupe -version prints: the module version, or
// "(devel)" for a build without one, then the VCS revision, whether the
// work tree was modified, the commit time, and the Go version, as far as
// the build recorded them (go build in a git checkout does; go run and
// go test may not).
func version() string {
	v, rev, modified, at := "(devel)", "", false, ""
	if bi, ok := debug.ReadBuildInfo(); ok {
		if bi.Main.Version != "" {
			v = bi.Main.Version
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				modified = s.Value == "true"
			case "vcs.time":
				at = s.Value
			}
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "dedupe %s", v)
	if rev != "" {
		fmt.Fprintf(&b, ", revision %s", rev)
		if modified {
			b.WriteString(" (modified)")
		}
	}
	if at != "" {
		fmt.Fprintf(&b, ", committed %s", at)
	}
	fmt.Fprintf(&b, ", %s\n", runtime.Version())
	return b.String()
}

// printVersion writes version() to w and returns exit status 0.
func printVersion(w io.Writer) int {
	fmt.Fprint(w, version())
	return 0
}
