package main

import (
	"fmt"
	"io"
)

func runEval(args []string, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr, "dedupe eval: not available yet")
	return 2
}
