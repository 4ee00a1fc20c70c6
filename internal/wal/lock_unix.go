//go:build unix

package wal

import (
	"fmt"
	"os"
	"syscall"
)

// lockDir creates and locks (flock) the LOCK file of a log, so that two
// Logs, in one process or two, do not append to the same directory.
func lockDir(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("wal: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if err == syscall.EWOULDBLOCK {
			return nil, fmt.Errorf("wal: %s: %w", path, ErrLocked)
		}
		return nil, fmt.Errorf("wal: lock %s: %w", path, err)
	}
	return f, nil
}

func unlockDir(f *os.File) { f.Close() }
