package main

import "strings"

// message returns err's message for printing after the command's prefix
// (such as "dedupe eval"), without a leading "word: " that the prefix
// already says: package eval's errors start with "eval: " and the
// library's with "dedupe: ", and "dedupe eval: eval: open …" would name
// eval twice.
func message(prefix string, err error) string {
	msg := err.Error()
	for _, w := range strings.Fields(prefix) {
		msg = strings.TrimPrefix(msg, w+": ")
	}
	return msg
}
