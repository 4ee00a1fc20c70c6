//go:build !unix

package wal

import (
	"fmt"
	"os"
)

// lockDir creates the LOCK file of a log. Without flock it does not keep
// a second Log from opening the directory.
func lockDir(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("wal: %w", err)
	}
	return f, nil
}

func unlockDir(f *os.File) { f.Close() }
