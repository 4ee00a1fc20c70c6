//go:build race

package dedupe

// raceEnabled reports whether the race detector is on: it changes what
// allocates (sync.Pool drops items at random), so allocation bounds do
// not hold.
const raceEnabled = true
