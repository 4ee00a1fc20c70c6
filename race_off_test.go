//go:build !race

package dedupe

// raceEnabled is set when tests run under the race detector, which makes
// the Detector about ten times slower; long tests then run smaller.
const raceEnabled = false
