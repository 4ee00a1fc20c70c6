// Package e2e tests the dedupe command's HTML report in a real browser:
// headless Chromium, driven with chromedp. It is a module of its own so
// that the browser driver stays out of dedupe's go.mod.
//
// The tests skip when no Chromium is found (chromium, chromium-browser or
// google-chrome on the PATH), and fail instead when the environment
// variable CI is set.
//
//	cd e2e && go test ./...
//	go test -artifacts ./...           # keep the screenshots (under _artifacts)
//	go test -run Seeds -update-screenshot  # rewrite ../docs/report.png
package e2e
